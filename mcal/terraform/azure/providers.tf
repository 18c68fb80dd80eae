# Credentials come from the Azure CLI login (`az login`), a service principal or a managed
# identity through the usual ARM_* environment variables: nothing is configured here.
provider "azurerm" {
  features {}

  # null = take the subscription from ARM_SUBSCRIPTION_ID (azurerm 4.x needs one of the two).
  subscription_id = var.subscription_id
}

locals {
  package_path = coalesce(var.package_path, "${path.module}/../../functions/target/deploy/fiso-sample-azure.zip")

  labels = merge(var.labels, {
    fiso-function = var.function_name
    managed-by    = "terraform"
  })

  # Function app names and storage account names are global: a random suffix keeps them unique.
  app_name             = "${var.function_name}-${random_string.suffix.result}"
  storage_account_name = "${substr(replace(var.function_name, "-", ""), 0, 18)}${random_string.suffix.result}"

  function_timeout = format("%02d:%02d:%02d", floor(var.timeout_seconds / 3600), floor(var.timeout_seconds % 3600 / 60), var.timeout_seconds % 60)
}

resource "random_string" "suffix" {
  length  = 6
  lower   = true
  upper   = false
  numeric = true
  special = false
}

resource "azurerm_resource_group" "this" {
  name     = coalesce(var.resource_group_name, "rg-${var.function_name}")
  location = var.region
  tags     = local.labels
}

# ---- Storage: the Functions host's own state (AzureWebJobsStorage) and the app package. ----

resource "azurerm_storage_account" "this" {
  name                            = local.storage_account_name
  resource_group_name             = azurerm_resource_group.this.name
  location                        = azurerm_resource_group.this.location
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  account_kind                    = "StorageV2"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  tags                            = local.labels
}

resource "azurerm_storage_container" "packages" {
  name                  = "function-packages"
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}

resource "azurerm_storage_blob" "package" {
  # A new name per package content: changing WEBSITE_RUN_FROM_PACKAGE restarts the app on the new code.
  name                   = "${var.function_name}-${filemd5(local.package_path)}.zip"
  storage_account_name   = azurerm_storage_account.this.name
  storage_container_name = azurerm_storage_container.packages.name
  type                   = "Block"
  source                 = local.package_path
  content_type           = "application/zip"
}

# ---- Identity the app fetches its package with: read access to the package container only. ----

resource "azurerm_user_assigned_identity" "app" {
  name                = "id-${local.app_name}"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  tags                = local.labels
}

resource "azurerm_role_assignment" "package_reader" {
  scope                            = azurerm_storage_container.packages.id
  role_definition_name             = "Storage Blob Data Reader"
  principal_id                     = azurerm_user_assigned_identity.app.principal_id
  principal_type                   = "ServicePrincipal"
  skip_service_principal_aad_check = true
}

# ---- Optional telemetry. ----

resource "azurerm_log_analytics_workspace" "this" {
  count = var.enable_application_insights ? 1 : 0

  name                = "log-${local.app_name}"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  sku                 = "PerGB2018"
  retention_in_days   = 30
  tags                = local.labels
}

resource "azurerm_application_insights" "this" {
  count = var.enable_application_insights ? 1 : 0

  name                = "appi-${local.app_name}"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  workspace_id        = azurerm_log_analytics_workspace.this[0].id
  application_type    = "java"
  tags                = local.labels
}

# ---- Linux Consumption plan (Y1) and the function app on Java 17. ----

resource "azurerm_service_plan" "this" {
  name                = "plan-${local.app_name}"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  os_type             = "Linux"
  sku_name            = "Y1"
  tags                = local.labels
}

resource "azurerm_linux_function_app" "this" {
  name                = local.app_name
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  service_plan_id     = azurerm_service_plan.this.id

  storage_account_name       = azurerm_storage_account.this.name
  storage_account_access_key = azurerm_storage_account.this.primary_access_key

  functions_extension_version                    = "~4"
  https_only                                     = true
  builtin_logging_enabled                        = false
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }

  site_config {
    minimum_tls_version                    = "1.2"
    ftps_state                             = "Disabled"
    http2_enabled                          = true
    app_scale_limit                        = var.max_instances
    application_insights_connection_string = one(azurerm_application_insights.this[*].connection_string)

    application_stack {
      java_version = "17"
    }
  }

  app_settings = {
    # Linux Consumption runs from a package URL only; the app reads it with its managed identity.
    WEBSITE_RUN_FROM_PACKAGE                     = azurerm_storage_blob.package.url
    WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID = azurerm_user_assigned_identity.app.id
    # Overrides host.json's functionTimeout.
    AzureFunctionsJobHost__functionTimeout = local.function_timeout
  }

  tags = local.labels

  depends_on = [azurerm_role_assignment.package_reader]
}

# The host-level default function key: authorises calls to every function of the app.
data "azurerm_function_app_host_keys" "this" {
  name                = azurerm_linux_function_app.this.name
  resource_group_name = azurerm_resource_group.this.name
}

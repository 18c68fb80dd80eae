# `fiso mcal import --azure` reads function_url, region and memory_mb; it never copies function_key.

output "function_url" {
  description = "HTTPS endpoint of the fiso-sample HTTP trigger: the target FISO invokes (with the function key)."
  value       = "https://${azurerm_linux_function_app.this.default_hostname}/api/fiso-sample"
}

output "region" {
  description = "Region (location) the function app runs in."
  value       = azurerm_resource_group.this.location
}

output "memory_mb" {
  description = "Memory FISO assumes for cost estimates, in MB (Consumption bills observed memory, rounded up to 128 MB)."
  value       = var.memory_mb
}

output "function_key" {
  description = "Default function key of the app, sent as the x-functions-key header. Give it to FISO's Azure workers as FISO_AZURE_FUNCTION_KEY or FISO_AZURE_FUNCTION_KEY_FILE."
  value       = data.azurerm_function_app_host_keys.this.default_function_key
  sensitive   = true
}

output "function_app_name" {
  description = "Name of the function app."
  value       = azurerm_linux_function_app.this.name
}

output "resource_group_name" {
  description = "Resource group holding everything this configuration created."
  value       = azurerm_resource_group.this.name
}

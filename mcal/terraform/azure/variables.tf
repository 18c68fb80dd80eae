# ---- Shared by mcal/terraform/{aws,azure,gcp}: same names, same meaning. ----

variable "function_name" {
  description = "Name of the function; the function app is named \"<function_name>-<random suffix>\". FISO's logical function name defaults to the same value."
  type        = string
  default     = "fiso-sample"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}[a-z0-9]$", var.function_name))
    error_message = "function_name must be 3-42 characters of lower-case letters, digits and hyphens, start with a letter and not end with a hyphen (a name valid on all three clouds)."
  }
}

variable "region" {
  description = "Azure region (location) to deploy to, e.g. eastus."
  type        = string
  default     = "eastus"
}

variable "memory_mb" {
  description = "Memory FISO assumes for cost estimates, in MB. The Consumption plan does not let you set memory: it bills the observed memory rounded up to 128 MB, at most 1536 MB."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 1536 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number of MB between 128 and 1536 (the Consumption plan's limit)."
  }
}

variable "labels" {
  description = "FinOps allocation labels, applied as tags to every resource (team, project, environment, cost centre...). Keys and values follow the strictest cloud's rules (GCP) so that one set works on all three."
  type        = map(string)
  default = {
    project     = "fiso"
    environment = "dev"
    team        = "platform"
    cost-center = "fiso"
  }

  validation {
    condition = alltrue([
      for key, value in var.labels :
      can(regex("^[a-z][a-z0-9_-]{0,62}$", key)) && can(regex("^[a-z0-9_-]{0,63}$", value))
    ])
    error_message = "labels keys must match ^[a-z][a-z0-9_-]{0,62}$ and values ^[a-z0-9_-]{0,63}$ (lower case, so that the same labels are valid on AWS, Azure and GCP)."
  }
}

variable "timeout_seconds" {
  description = "Maximum run time of one invocation, in seconds (1-600 on the Consumption plan); written as the host's functionTimeout."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 600 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number between 1 and 600 on the Consumption plan."
  }
}

variable "package_path" {
  description = "Path of the function app zip. Default: mcal/functions/target/deploy/fiso-sample-azure.zip, built by `./mvnw -pl mcal/functions package`."
  type        = string
  default     = null
}

# ---- Azure only. ----

variable "subscription_id" {
  description = "Azure subscription to deploy to; null takes it from ARM_SUBSCRIPTION_ID."
  type        = string
  default     = null
}

variable "resource_group_name" {
  description = "Name of the resource group created for the function; default \"rg-<function_name>\"."
  type        = string
  default     = null
}

variable "max_instances" {
  description = "Most instances the Consumption plan may scale the app out to (caps worst-case spend); null = the platform's limit."
  type        = number
  default     = 10
}

variable "enable_application_insights" {
  description = "Create Application Insights (with a Log Analytics workspace) for the app. Off by default: telemetry ingestion is billed per GB."
  type        = bool
  default     = false
}

# ---- Shared by mcal/terraform/{aws,azure,gcp}: same names, same meaning. ----

variable "function_name" {
  description = "Name of the HTTP function (and of its Cloud Run service); the Pub/Sub-triggered variant is \"<function_name>-async\". FISO's logical function name defaults to the same value."
  type        = string
  default     = "fiso-sample"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}[a-z0-9]$", var.function_name))
    error_message = "function_name must be 3-42 characters of lower-case letters, digits and hyphens, start with a letter and not end with a hyphen (a name valid on all three clouds)."
  }
}

variable "region" {
  description = "Google Cloud region to deploy to, e.g. us-central1."
  type        = string
  default     = "us-central1"
}

variable "memory_mb" {
  description = "Memory of each function instance in MiB (128-32768); the vCPU share follows it. Billed per GiB-second and vCPU-second."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 32768 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number of MiB between 128 and 32768."
  }
}

variable "labels" {
  description = "FinOps allocation labels, applied to every resource that takes labels (team, project, environment, cost centre...). GCP's rules apply: lower-case keys and values."
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
    error_message = "labels keys must match ^[a-z][a-z0-9_-]{0,62}$ and values ^[a-z0-9_-]{0,63}$ (GCP label rules)."
  }
}

variable "timeout_seconds" {
  description = "Maximum run time of one invocation, in seconds (HTTP functions up to 3600, event-driven ones up to 540)."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 540
    error_message = "timeout_seconds must be between 1 and 540 (the event-driven function's limit)."
  }
}

variable "package_path" {
  description = "Path of the source zip. Default: mcal/functions/target/deploy/fiso-sample-gcp.zip, built by `./mvnw -pl mcal/functions package`."
  type        = string
  default     = null
}

# ---- GCP only. ----

variable "project_id" {
  description = "Google Cloud project to deploy to."
  type        = string
}

variable "runtime" {
  description = "Java runtime of the functions (java17 or java21)."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java17", "java21"], var.runtime)
    error_message = "runtime must be \"java17\" or \"java21\"."
  }
}

variable "fiso_service_account_email" {
  description = "Email of the service account FISO's GCP workers run as: it may invoke the HTTP function and publish to the async topic. null grants nobody."
  type        = string
  default     = null
}

variable "max_instances" {
  description = "Most instances each function may scale out to (caps worst-case spend)."
  type        = number
  default     = 10
}

variable "async_retry" {
  description = "Let Pub/Sub redeliver a message when the async function fails (RETRY_POLICY_RETRY). Off by default: FISO's async calls are fire-and-forget."
  type        = bool
  default     = false
}

variable "enable_apis" {
  description = "Enable the APIs the functions need (Cloud Functions, Cloud Run, Cloud Build, Artifact Registry, Eventarc, Pub/Sub, Cloud Storage). They stay enabled on destroy."
  type        = bool
  default     = true
}

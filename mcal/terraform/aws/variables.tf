# ---- Shared by mcal/terraform/{aws,azure,gcp}: same names, same meaning. ----

variable "function_name" {
  description = "Name of the function (the Lambda function name). FISO's logical function name defaults to the same value."
  type        = string
  default     = "fiso-sample"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}[a-z0-9]$", var.function_name))
    error_message = "function_name must be 3-42 characters of lower-case letters, digits and hyphens, start with a letter and not end with a hyphen (a name valid on all three clouds)."
  }
}

variable "region" {
  description = "AWS region to deploy to, e.g. us-east-1."
  type        = string
  default     = "us-east-1"
}

variable "memory_mb" {
  description = "Memory of the function in MB (128-10240). Lambda bills GB-seconds of this size; FISO's cost model reads it from the outputs."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number of MB between 128 and 10240."
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
  description = "Maximum run time of one invocation, in seconds (1-900)."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 1 and 900 on AWS Lambda."
  }
}

variable "package_path" {
  description = "Path of the deployment jar. Default: mcal/functions/target/deploy/fiso-sample.jar, built by `./mvnw -pl mcal/functions package`."
  type        = string
  default     = null
}

# ---- AWS only. ----

variable "architecture" {
  description = "Instruction set of the function: x86_64 or arm64 (arm64 is about 20% cheaper per GB-second)."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be \"x86_64\" or \"arm64\"."
  }
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the function's logs, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the function; -1 leaves it unreserved. A cap bounds the worst-case spend."
  type        = number
  default     = -1
}

variable "create_function_url" {
  description = "Also create a Lambda function URL (HTTPS endpoint) for direct calls, e.g. with curl. FISO itself invokes the function by ARN."
  type        = bool
  default     = false
}

variable "function_url_auth_type" {
  description = "Authorization of the function URL: AWS_IAM (SigV4-signed requests only) or NONE (public)."
  type        = string
  default     = "AWS_IAM"

  validation {
    condition     = contains(["AWS_IAM", "NONE"], var.function_url_auth_type)
    error_message = "function_url_auth_type must be \"AWS_IAM\" or \"NONE\"."
  }
}

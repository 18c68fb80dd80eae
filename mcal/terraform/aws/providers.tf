# Credentials come from the usual AWS chain (environment, shared config/SSO profile, instance or
# workload role): nothing is configured here. See mcal/README.md for the permissions needed.
provider "aws" {
  region = var.region

  # FinOps allocation tags on every resource that takes tags.
  default_tags {
    tags = local.labels
  }
}

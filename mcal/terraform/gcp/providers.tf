# Application Default Credentials only (`gcloud auth application-default login`, a workload
# identity or an attached service account). No credentials file belongs in this directory.
provider "google" {
  project = var.project_id
  region  = var.region

  # FinOps allocation labels on every resource that takes labels.
  default_labels = local.labels
}

locals {
  package_path = coalesce(var.package_path, "${path.module}/../../functions/target/deploy/fiso-sample-gcp.zip")

  labels = merge(var.labels, {
    fiso-function = var.function_name
    managed-by    = "terraform"
  })

  apis = [
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "eventarc.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "storage.googleapis.com",
  ]

  fiso_member = var.fiso_service_account_email == null ? null : "serviceAccount:${var.fiso_service_account_email}"
}

resource "google_project_service" "apis" {
  for_each = var.enable_apis ? toset(local.apis) : toset([])

  service            = each.value
  disable_on_destroy = false
}

# ---- Source: the prebuilt jar, zipped, in a private bucket. ----

resource "google_storage_bucket" "source" {
  name                        = "${var.project_id}-${substr(var.function_name, 0, 28)}-src"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true

  # Only the current package is needed once a function is built from it.
  lifecycle_rule {
    condition {
      age = 30
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_object" "source" {
  # A new name per content: a changed package redeploys the functions.
  name         = "${var.function_name}-${filemd5(local.package_path)}.zip"
  bucket       = google_storage_bucket.source.name
  source       = local.package_path
  content_type = "application/zip"
}

# ---- Service accounts: one per job, each with only what that job needs. ----

resource "google_service_account" "runtime" {
  account_id   = "${substr(var.function_name, 0, 22)}-run"
  display_name = "FISO sample function runtime (${var.function_name})"
  description  = "Identity the functions run as. The sample function calls no Google API, so it holds no role."
}

resource "google_service_account" "build" {
  account_id   = "${substr(var.function_name, 0, 22)}-build"
  display_name = "FISO sample function build (${var.function_name})"
  description  = "Cloud Build identity that turns the source zip into the functions' images."
}

resource "google_storage_bucket_iam_member" "build_reads_source" {
  bucket = google_storage_bucket.source.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.build.member
}

resource "google_project_iam_member" "build" {
  for_each = toset(["roles/logging.logWriter", "roles/artifactregistry.writer"])

  project = var.project_id
  role    = each.value
  member  = google_service_account.build.member
}

resource "google_service_account" "trigger" {
  account_id   = "${substr(var.function_name, 0, 22)}-trigger"
  display_name = "FISO sample async trigger (${var.function_name})"
  description  = "Identity Eventarc pushes the Pub/Sub messages with: may invoke the async function only."
}

resource "google_project_iam_member" "trigger_receives_events" {
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = google_service_account.trigger.member
}

# ---- The HTTP function (FISO's synchronous calls). ----

resource "google_cloudfunctions2_function" "http" {
  name        = var.function_name
  location    = var.region
  description = "FISO sample function (mcal), HTTP-triggered."

  build_config {
    runtime         = var.runtime
    entry_point     = "io.fiso.mcal.functions.gcp.SampleHttpFunction"
    service_account = google_service_account.build.id

    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    available_memory               = "${var.memory_mb}Mi"
    timeout_seconds                = var.timeout_seconds
    min_instance_count             = 0
    max_instance_count             = var.max_instances
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.runtime.email
  }

  depends_on = [
    google_project_service.apis,
    google_project_iam_member.build,
    google_storage_bucket_iam_member.build_reads_source,
  ]
}

# Authenticated calls only: FISO's service account may invoke (an ID token for the function URL).
resource "google_cloud_run_v2_service_iam_member" "fiso_invokes_http" {
  count = var.fiso_service_account_email == null ? 0 : 1

  name     = google_cloudfunctions2_function.http.name
  location = var.region
  role     = "roles/run.invoker"
  member   = local.fiso_member
}

# ---- The Pub/Sub topic and the function it triggers (FISO's asynchronous calls). ----

resource "google_pubsub_topic" "async" {
  name = "${var.function_name}-async"

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic_iam_member" "fiso_publishes" {
  count = var.fiso_service_account_email == null ? 0 : 1

  topic  = google_pubsub_topic.async.id
  role   = "roles/pubsub.publisher"
  member = local.fiso_member
}

resource "google_cloudfunctions2_function" "async" {
  name        = "${var.function_name}-async"
  location    = var.region
  description = "FISO sample function (mcal), triggered by messages on ${google_pubsub_topic.async.name}."

  build_config {
    runtime         = var.runtime
    entry_point     = "io.fiso.mcal.functions.gcp.SamplePubSubFunction"
    service_account = google_service_account.build.id

    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    available_memory               = "${var.memory_mb}Mi"
    timeout_seconds                = var.timeout_seconds
    min_instance_count             = 0
    max_instance_count             = var.max_instances
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.runtime.email
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = google_pubsub_topic.async.id
    retry_policy          = var.async_retry ? "RETRY_POLICY_RETRY" : "RETRY_POLICY_DO_NOT_RETRY"
    service_account_email = google_service_account.trigger.email
  }

  depends_on = [
    google_project_service.apis,
    google_project_iam_member.build,
    google_storage_bucket_iam_member.build_reads_source,
    google_project_iam_member.trigger_receives_events,
  ]
}

resource "google_cloud_run_v2_service_iam_member" "trigger_invokes_async" {
  name     = google_cloudfunctions2_function.async.name
  location = var.region
  role     = "roles/run.invoker"
  member   = google_service_account.trigger.member
}

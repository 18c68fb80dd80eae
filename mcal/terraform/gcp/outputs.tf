# `fiso mcal import --gcp` reads function_url, region, memory_mb and pubsub_topic.

output "function_url" {
  description = "HTTPS endpoint of the HTTP function: the target FISO invokes (with an ID token whose audience is this URL)."
  value       = google_cloudfunctions2_function.http.url
}

output "region" {
  description = "Region the functions run in."
  value       = var.region
}

output "memory_mb" {
  description = "Memory of each function instance in MiB."
  value       = var.memory_mb
}

output "pubsub_topic" {
  description = "Full name of the Pub/Sub topic (projects/<project>/topics/<name>) whose messages trigger the async function: FISO's asyncTarget."
  value       = google_pubsub_topic.async.id
}

output "project_id" {
  description = "Project the functions run in."
  value       = var.project_id
}

output "async_function_name" {
  description = "Name of the Pub/Sub-triggered function."
  value       = google_cloudfunctions2_function.async.name
}

output "runtime_service_account_email" {
  description = "Service account the functions run as."
  value       = google_service_account.runtime.email
}

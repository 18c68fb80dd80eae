# `fiso mcal import --aws` reads function_arn, region, memory_mb and architecture.

output "function_arn" {
  description = "ARN of the Lambda function: the target FISO invokes."
  value       = aws_lambda_function.sample.arn
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.sample.function_name
}

output "region" {
  description = "Region the function runs in."
  value       = var.region
}

output "memory_mb" {
  description = "Configured memory in MB (what Lambda bills)."
  value       = aws_lambda_function.sample.memory_size
}

output "architecture" {
  description = "Instruction set: x86_64 or arm64 (prices differ)."
  value       = one(aws_lambda_function.sample.architectures)
}

output "function_url" {
  description = "HTTPS endpoint of the function, or null when create_function_url is false."
  value       = one(aws_lambda_function_url.sample[*].function_url)
}

output "log_group_name" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.function.name
}

output "invoker_policy_json" {
  description = "IAM policy allowing FISO's workers to invoke this function; attach it to their role."
  value       = data.aws_iam_policy_document.invoker.json
}

locals {
  package_path = coalesce(var.package_path, "${path.module}/../../functions/target/deploy/fiso-sample.jar")

  labels = merge(var.labels, {
    fiso-function = var.function_name
    managed-by    = "terraform"
  })
}

# ---- Logs: created here (not by Lambda on first run) so that retention applies from the start. ----

resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
}

# ---- Execution role: may write to its own log group, nothing else. ----

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "${var.function_name}-exec"
  description        = "Execution role of the FISO sample function ${var.function_name}: writes its own logs only."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "WriteOwnLogGroup"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function.arn}:*"]
  }
}

resource "aws_iam_role_policy" "logs" {
  name   = "write-own-logs"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.logs.json
}

# ---- The function. ----

resource "aws_lambda_function" "sample" {
  function_name = var.function_name
  description   = "FISO sample function (mcal): answers with its platform, Java version, invocation id and payload size."
  role          = aws_iam_role.function.arn

  runtime       = "java21"
  handler       = "io.fiso.mcal.functions.aws.SampleLambdaHandler::handleRequest"
  architectures = [var.architecture]
  memory_size   = var.memory_mb
  timeout       = var.timeout_seconds

  filename         = local.package_path
  source_code_hash = filebase64sha256(local.package_path)

  reserved_concurrent_executions = var.reserved_concurrency

  environment {
    variables = {
      # Tiered compilation stopped at C1: the usual cold-start setting for short Java functions.
      JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function.name
  }

  depends_on = [aws_iam_role_policy.logs]
}

# ---- Optional HTTPS endpoint. ----

resource "aws_lambda_function_url" "sample" {
  count = var.create_function_url ? 1 : 0

  function_name      = aws_lambda_function.sample.function_name
  authorization_type = var.function_url_auth_type
}

resource "aws_lambda_permission" "public_function_url" {
  count = var.create_function_url && var.function_url_auth_type == "NONE" ? 1 : 0

  statement_id           = "FunctionUrlAllowPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.sample.function_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

# ---- What FISO's AWS workers need: attach this policy to the role or user they run as. ----

data "aws_iam_policy_document" "invoker" {
  statement {
    sid     = "InvokeFisoSample"
    effect  = "Allow"
    actions = ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"]
    resources = [
      aws_lambda_function.sample.arn,
      "${aws_lambda_function.sample.arn}:*",
    ]
  }
}

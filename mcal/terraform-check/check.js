#!/usr/bin/env node
// Checks mcal/terraform with a real HCL parser (@cdktf/hcl2json, the HashiCorp HCL library built
// to WebAssembly) and, where terraform is installed, with `terraform fmt -check` and
// `terraform validate`.
//
// The contract checked here is what other parts of FISO rely on: the outputs `fiso mcal import`
// reads, the variables mcal/README.md documents, FinOps labels on every resource, sensitive
// outputs marked sensitive, and handler classes that exist in mcal/functions.
//
// Usage: node check.js [--json results.json] [--work-dir dir] [--no-terraform]
// Prints one line per check and ends with "N passed, N failed, N skipped"; exits 1 on a failure.

"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { parse } = require("@cdktf/hcl2json");

const MCAL = path.resolve(__dirname, "..");
const TERRAFORM_DIR = path.join(MCAL, "terraform");
const FUNCTIONS_SRC = path.join(MCAL, "functions", "src", "main", "java");
const README = path.join(MCAL, "README.md");
const CLOUDS = ["aws", "azure", "gcp"];

// ---- The contract. ----

/** Variables every cloud declares, with the same name, type and meaning. */
const SHARED_VARIABLES = {
  function_name: "string",
  region: "string",
  memory_mb: "number",
  labels: "map(string)",
  timeout_seconds: "number",
  package_path: "string",
};

const CLOUD_CONTRACT = {
  aws: {
    providers: ["aws"],
    variables: ["architecture"],
    // Read by `fiso mcal import --aws`.
    importOutputs: ["function_arn", "region", "memory_mb", "architecture"],
    sensitiveOutputs: [],
  },
  azure: {
    providers: ["azurerm", "random"],
    variables: ["subscription_id"],
    importOutputs: ["function_url", "region", "memory_mb"],
    sensitiveOutputs: ["function_key"],
  },
  gcp: {
    providers: ["google"],
    variables: ["project_id", "fiso_service_account_email"],
    importOutputs: ["function_url", "region", "memory_mb", "pubsub_topic"],
    sensitiveOutputs: [],
  },
};

/** azurerm resource types that take no tags (everything else must set `tags`). */
const AZURERM_UNTAGGABLE = new Set([
  "azurerm_role_assignment",
  "azurerm_storage_container",
  "azurerm_storage_blob",
]);

/** An output whose value reads one of these is a secret and must be marked sensitive. */
const SECRET_REFERENCE = /(_key\b|key\b|secret|password|token|connection_string|sas\b)/i;

// ---- Results. ----

const results = [];

function record(status, name, message) {
  results.push({ name, status, message: message || "" });
  const line = message ? `${status} ${name}: ${message}` : `${status} ${name}`;
  console.log(line);
}

function check(name, problems) {
  const list = (Array.isArray(problems) ? problems : [problems]).filter(Boolean);
  record(list.length === 0 ? "PASS" : "FAIL", name, list.join("; "));
}

// ---- Reading the configuration. ----

function tfFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue; // .terraform and friends
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...tfFiles(full));
    else if (entry.name.endsWith(".tf")) files.push(full);
  }
  return files.sort();
}

/** Merges the parsed files of one module into { variable, output, resource, data, ... }. */
function mergeModule(parsedFiles) {
  const module = { variable: {}, output: {}, resource: {}, data: {}, provider: {}, terraform: [], locals: {} };
  for (const { json } of parsedFiles) {
    for (const [name, blocks] of Object.entries(json.variable || {})) module.variable[name] = blocks[0];
    for (const [name, blocks] of Object.entries(json.output || {})) module.output[name] = blocks[0];
    for (const kind of ["resource", "data"]) {
      for (const [type, instances] of Object.entries(json[kind] || {})) {
        module[kind][type] = { ...(module[kind][type] || {}), ...instances };
      }
    }
    for (const [name, blocks] of Object.entries(json.provider || {})) module.provider[name] = blocks[0];
    module.terraform.push(...(json.terraform || []));
    for (const locals of json.locals || []) Object.assign(module.locals, locals);
  }
  return module;
}

function unwrap(expression) {
  // hcl2json writes expressions as "${...}"; a plain string literal stays as it is.
  if (typeof expression !== "string") return expression;
  const match = /^\$\{([\s\S]*)\}$/.exec(expression);
  return match ? match[1].trim() : expression;
}

function isTrue(value) {
  return value === true || unwrap(value) === "true";
}

function expressionText(value) {
  return JSON.stringify(value === undefined ? "" : value);
}

// ---- Checks. ----

function checkVersions(cloud, module, contract) {
  const problems = [];
  const terraform = module.terraform;
  if (terraform.length === 0) problems.push("no terraform block (versions.tf)");
  const requiredVersion = terraform.map((t) => t.required_version).find(Boolean);
  if (!requiredVersion) problems.push("terraform.required_version is not set");
  const required = Object.assign({}, ...terraform.flatMap((t) => t.required_providers || []));
  for (const provider of contract.providers) {
    const spec = required[provider];
    if (!spec) {
      problems.push(`provider ${provider} is not in required_providers`);
      continue;
    }
    if (spec.source !== `hashicorp/${provider}`) problems.push(`provider ${provider}: source is ${spec.source}, expected hashicorp/${provider}`);
    // Pinned = bounded above: "~> X.Y" or an explicit "< N" upper bound.
    if (!spec.version || !(/~>\s*\d+\.\d+/.test(spec.version) || /<\s*\d+/.test(spec.version))) {
      problems.push(`provider ${provider}: version "${spec.version || ""}" is not pinned to a major version (use "~> X.Y")`);
    }
  }
  const versionsFile = path.join(TERRAFORM_DIR, cloud, "versions.tf");
  if (!fs.existsSync(versionsFile)) problems.push("versions.tf is missing");
  check(`${cloud}: versions.tf pins terraform and the providers`, problems);
}

function checkSharedVariables(modules) {
  for (const [name, type] of Object.entries(SHARED_VARIABLES)) {
    const problems = [];
    for (const cloud of CLOUDS) {
      const variable = modules[cloud].variable[name];
      if (!variable) {
        problems.push(`${cloud} does not declare variable "${name}"`);
        continue;
      }
      if (unwrap(variable.type) !== type) problems.push(`${cloud}: type is ${unwrap(variable.type)}, expected ${type}`);
      if (!variable.description) problems.push(`${cloud}: variable "${name}" has no description`);
    }
    check(`shared variable "${name}" (${type}) in ${CLOUDS.join(", ")}`, problems);
  }
  // One labels/function_name default everywhere: the same tfvars work on every cloud.
  for (const name of ["function_name", "labels"]) {
    const defaults = CLOUDS.map((cloud) => JSON.stringify((modules[cloud].variable[name] || {}).default));
    check(`variable "${name}" has the same default on every cloud`, new Set(defaults).size === 1 ? [] : [`defaults differ: ${defaults.join(" / ")}`]);
  }
}

function checkCloudVariables(cloud, module, contract) {
  const missing = contract.variables.filter((name) => !module.variable[name]);
  check(`${cloud}: declares ${contract.variables.join(", ")}`, missing.map((name) => `variable "${name}" is missing`));
}

function checkOutputs(cloud, module, contract) {
  const problems = [];
  for (const name of contract.importOutputs) {
    const output = module.output[name];
    if (!output) problems.push(`output "${name}" is missing (fiso mcal import --${cloud} reads it)`);
    else if (!output.description) problems.push(`output "${name}" has no description`);
    else if (isTrue(output.sensitive)) problems.push(`output "${name}" must not be sensitive: fiso mcal import copies it into the policy`);
  }
  check(`${cloud}: outputs read by fiso mcal import (${contract.importOutputs.join(", ")})`, problems);

  const sensitiveProblems = [];
  for (const name of contract.sensitiveOutputs) {
    if (!module.output[name]) sensitiveProblems.push(`output "${name}" is missing`);
  }
  for (const [name, output] of Object.entries(module.output)) {
    const mustBeSensitive = contract.sensitiveOutputs.includes(name) || SECRET_REFERENCE.test(expressionText(output.value));
    if (mustBeSensitive && !isTrue(output.sensitive)) sensitiveProblems.push(`output "${name}" exposes a secret and is not marked sensitive = true`);
  }
  check(`${cloud}: secret outputs are marked sensitive`, sensitiveProblems);
}

function checkLabels(cloud, module) {
  const problems = [];
  const labelsLocal = expressionText(module.locals.labels);
  if (!labelsLocal.includes("var.labels")) problems.push("local.labels does not merge var.labels");
  if (cloud === "aws") {
    const tags = ((module.provider.aws || {}).default_tags || [])[0];
    if (!tags || unwrap(tags.tags) !== "local.labels") problems.push("provider aws has no default_tags { tags = local.labels }");
  } else if (cloud === "gcp") {
    if (unwrap((module.provider.google || {}).default_labels) !== "local.labels") problems.push("provider google has no default_labels = local.labels");
  } else if (cloud === "azure") {
    for (const [type, instances] of Object.entries(module.resource)) {
      if (!type.startsWith("azurerm_") || AZURERM_UNTAGGABLE.has(type)) continue;
      for (const [name, blocks] of Object.entries(instances)) {
        if (unwrap(blocks[0].tags) !== "local.labels") problems.push(`${type}.${name} has no tags = local.labels`);
      }
    }
  }
  check(`${cloud}: FinOps labels on every resource`, problems);
}

function javaClassExists(className) {
  return fs.existsSync(path.join(FUNCTIONS_SRC, ...className.split(".")) + ".java");
}

function checkAws(module) {
  const functions = Object.entries(module.resource.aws_lambda_function || {});
  const problems = [];
  if (functions.length !== 1) problems.push(`expected one aws_lambda_function, found ${functions.length}`);
  for (const [name, [fn]] of functions) {
    if (fn.runtime !== "java21") problems.push(`aws_lambda_function.${name}: runtime is ${fn.runtime}, expected java21`);
    const [handlerClass, method] = String(fn.handler || "").split("::");
    if (!handlerClass || !method || !javaClassExists(handlerClass)) problems.push(`aws_lambda_function.${name}: handler "${fn.handler}" is not a class in mcal/functions`);
    if (!expressionText(fn.architectures).includes("var.architecture")) problems.push(`aws_lambda_function.${name}: architectures does not come from var.architecture`);
    if (unwrap(fn.memory_size) !== "var.memory_mb") problems.push(`aws_lambda_function.${name}: memory_size is not var.memory_mb`);
    if (!fn.logging_config) problems.push(`aws_lambda_function.${name}: no logging_config pointing at the managed log group`);
  }
  const arch = module.variable.architecture || {};
  const validation = expressionText(arch.validation);
  if (!validation.includes("x86_64") || !validation.includes("arm64")) problems.push("variable architecture does not validate x86_64|arm64");
  const logGroups = Object.values(module.resource.aws_cloudwatch_log_group || {});
  if (logGroups.length === 0 || logGroups.some(([group]) => group.retention_in_days === undefined)) problems.push("no aws_cloudwatch_log_group with retention_in_days");
  check("aws: java21 Lambda with architecture variable, handler in mcal/functions, log group with retention", problems);

  // Least privilege: no wildcard action or resource in the role's policy documents.
  const privilegeProblems = [];
  for (const [name, [doc]] of Object.entries(module.data.aws_iam_policy_document || {})) {
    for (const statement of doc.statement || []) {
      for (const action of statement.actions || []) {
        if (action === "*" || /:\*$/.test(action)) privilegeProblems.push(`data.aws_iam_policy_document.${name}: wildcard action ${action}`);
      }
      for (const resource of statement.resources || []) {
        if (resource === "*") privilegeProblems.push(`data.aws_iam_policy_document.${name}: resource "*"`);
      }
    }
  }
  for (const [name, [role]] of Object.entries(module.resource.aws_iam_role_policy_attachment || {})) {
    privilegeProblems.push(`aws_iam_role_policy_attachment.${name}: attach an inline least-privilege policy instead of ${role.policy_arn}`);
  }
  check("aws: IAM policies grant no wildcard action or resource", privilegeProblems);
}

function checkAzure(module) {
  const problems = [];
  const plans = Object.entries(module.resource.azurerm_service_plan || {});
  if (!plans.some(([, [plan]]) => plan.sku_name === "Y1" && plan.os_type === "Linux")) problems.push("no Linux Consumption plan (azurerm_service_plan with os_type Linux, sku_name Y1)");
  const apps = Object.entries(module.resource.azurerm_linux_function_app || {});
  if (apps.length !== 1) problems.push(`expected one azurerm_linux_function_app, found ${apps.length}`);
  for (const [name, [app]] of apps) {
    const stack = (((app.site_config || [])[0] || {}).application_stack || [])[0] || {};
    if (stack.java_version !== "17") problems.push(`azurerm_linux_function_app.${name}: application_stack.java_version is ${stack.java_version}, expected "17"`);
    if (!app.app_settings) problems.push(`azurerm_linux_function_app.${name}: no app_settings`);
  }
  for (const type of ["azurerm_resource_group", "azurerm_storage_account"]) {
    if (!module.resource[type]) problems.push(`no ${type}`);
  }
  check("azure: resource group, storage account, Linux Consumption plan Y1, function app on Java 17", problems);
}

function checkGcp(module) {
  const problems = [];
  const provider = module.provider.google || {};
  if (provider.credentials !== undefined) problems.push("provider google sets credentials: use Application Default Credentials");
  const stray = fs.readdirSync(path.join(TERRAFORM_DIR, "gcp")).filter((f) => f.endsWith(".json"));
  if (stray.length) problems.push(`credentials-like files in mcal/terraform/gcp: ${stray.join(", ")}`);
  for (const name of ["project_id", "region"]) {
    if (unwrap(provider[name === "project_id" ? "project" : "region"]) !== `var.${name}`) problems.push(`provider google does not take ${name} from var.${name}`);
  }
  check("gcp: Application Default Credentials only, project and region from variables", problems);

  const fnProblems = [];
  const functions = Object.entries(module.resource.google_cloudfunctions2_function || {});
  const http = functions.filter(([, [fn]]) => !fn.event_trigger);
  const events = functions.filter(([, [fn]]) => fn.event_trigger);
  if (http.length !== 1) fnProblems.push(`expected one HTTP google_cloudfunctions2_function, found ${http.length}`);
  if (events.length !== 1) fnProblems.push(`expected one event-triggered google_cloudfunctions2_function, found ${events.length}`);
  for (const [name, [fn]] of functions) {
    const build = (fn.build_config || [])[0] || {};
    if (!javaClassExists(String(build.entry_point))) fnProblems.push(`google_cloudfunctions2_function.${name}: entry_point "${build.entry_point}" is not a class in mcal/functions`);
    const source = ((((build.source || [])[0] || {}).storage_source || [])[0]) || {};
    if (!String(source.bucket).includes("google_storage_bucket.") || !String(source.object).includes("google_storage_bucket_object.")) fnProblems.push(`google_cloudfunctions2_function.${name}: source is not the managed bucket object`);
    const service = (fn.service_config || [])[0] || {};
    if (!service.service_account_email) fnProblems.push(`google_cloudfunctions2_function.${name}: no dedicated service_account_email`);
  }
  for (const [name, [fn]] of events) {
    const trigger = fn.event_trigger[0];
    if (trigger.event_type !== "google.cloud.pubsub.topic.v1.messagePublished") fnProblems.push(`google_cloudfunctions2_function.${name}: event_type is ${trigger.event_type}`);
    if (!String(trigger.pubsub_topic).includes("google_pubsub_topic.")) fnProblems.push(`google_cloudfunctions2_function.${name}: pubsub_topic is not the managed topic`);
  }
  const invokers = Object.values(module.resource.google_cloud_run_v2_service_iam_member || {}).map(([member]) => member);
  if (!invokers.some((m) => m.role === "roles/run.invoker" && /fiso/.test(expressionText(m.member)))) fnProblems.push("no roles/run.invoker grant to FISO's service account on the HTTP function");
  check("gcp: HTTP function with invoker IAM for FISO, Pub/Sub topic and triggered function, sources in mcal/functions", fnProblems);
}

function checkReadme(modules) {
  const problems = [];
  if (!fs.existsSync(README)) {
    check("mcal/README.md documents the outputs, import and teardown", ["mcal/README.md is missing"]);
    return;
  }
  const text = fs.readFileSync(README, "utf8");
  for (const phrase of ["fiso mcal import", "fiso policy apply", "terraform destroy", "FISO_AZURE_FUNCTION_KEY"]) {
    if (!text.includes(phrase)) problems.push(`does not mention "${phrase}"`);
  }
  for (const cloud of CLOUDS) {
    for (const name of [...CLOUD_CONTRACT[cloud].importOutputs, ...CLOUD_CONTRACT[cloud].sensitiveOutputs]) {
      if (!text.includes(name)) problems.push(`does not mention output "${name}" (${cloud})`);
    }
    for (const name of Object.keys(modules[cloud].variable)) {
      if (!text.includes(name)) problems.push(`does not document variable "${name}" (${cloud})`);
    }
  }
  check("mcal/README.md documents the variables, outputs, import and teardown", problems);
}

// ---- terraform fmt / validate, where terraform is installed. ----

function run(command, args, options) {
  return spawnSync(command, args, { encoding: "utf8", timeout: 10 * 60 * 1000, ...options });
}

const UNREACHABLE_REGISTRY = /could not connect to registry|Failed to query available provider packages|failed to request discovery document|no such host|dial tcp|i\/o timeout|TLS handshake timeout|connection refused|network is unreachable|Could not retrieve the list of available versions/i;

function firstLines(text, count) {
  return String(text || "")
    .split("\n")
    .map((line) => line.replace(/[│╷╵]/g, "").trim())
    .filter((line) => line && !/^Warning: Unable to open CLI configuration file|CLI configuration file at|There are some problems with the CLI configuration/.test(line))
    .slice(0, count)
    .join(" ");
}

function terraformChecks(workDir) {
  const version = run("terraform", ["version"]);
  if (version.error) {
    const reason = version.error.code === "ENOENT" ? "terraform is not installed (not on PATH)" : `terraform could not be run: ${version.error.message}`;
    record("SKIP", "terraform fmt -check -recursive", reason);
    for (const cloud of CLOUDS) record("SKIP", `terraform validate (${cloud})`, reason);
    return;
  }
  console.log(`using ${String(version.stdout).split("\n")[0]}`);

  const fmt = run("terraform", ["fmt", "-check", "-recursive", "-diff", "-no-color", TERRAFORM_DIR]);
  check("terraform fmt -check -recursive", fmt.status === 0 ? [] : [`files need \`terraform fmt\`: ${firstLines(fmt.stdout, 6)} ${firstLines(fmt.stderr, 3)}`.trim()]);

  const env = { ...process.env, TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
  if (!env.TF_PLUGIN_CACHE_DIR) {
    env.TF_PLUGIN_CACHE_DIR = path.join(workDir, "plugin-cache");
    fs.mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }
  for (const cloud of CLOUDS) {
    // A copy, so that init writes .terraform and the lock file outside the source tree.
    const source = path.join(TERRAFORM_DIR, cloud);
    const copy = path.join(workDir, cloud);
    fs.mkdirSync(copy, { recursive: true });
    for (const file of fs.readdirSync(source)) {
      if (file.endsWith(".tf") || file === ".terraform.lock.hcl") fs.copyFileSync(path.join(source, file), path.join(copy, file));
    }
    const init = run("terraform", [`-chdir=${copy}`, "init", "-backend=false", "-input=false", "-no-color"], { env, timeout: 5 * 60 * 1000 });
    if (init.status !== 0) {
      const output = `${init.stderr || ""}\n${init.stdout || ""}`;
      if (init.error || UNREACHABLE_REGISTRY.test(output)) {
        record("SKIP", `terraform validate (${cloud})`, `terraform init could not download the providers (registry unreachable): ${init.error ? init.error.message : firstLines(init.stderr, 3)}`);
      } else {
        check(`terraform validate (${cloud})`, [`terraform init failed: ${firstLines(output, 6)}`]);
      }
      continue;
    }
    const validate = run("terraform", [`-chdir=${copy}`, "validate", "-no-color"], { env });
    check(`terraform validate (${cloud})`, validate.status === 0 ? [] : [firstLines(`${validate.stderr}\n${validate.stdout}`, 8)]);
  }
}

// ---- Main. ----

function parseArgs(argv) {
  const args = { json: null, workDir: path.join(os.tmpdir(), "fiso-terraform-check"), terraform: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--json") args.json = argv[++i];
    else if (argv[i] === "--work-dir") args.workDir = argv[++i];
    else if (argv[i] === "--no-terraform") args.terraform = false;
    else throw new Error(`unknown argument ${argv[i]} (expected --json FILE, --work-dir DIR, --no-terraform)`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.workDir, { recursive: true });

  const files = tfFiles(TERRAFORM_DIR);
  const parsed = {};
  for (const file of files) {
    const relative = path.relative(MCAL, file);
    try {
      const json = await parse(path.basename(file), fs.readFileSync(file, "utf8"));
      const cloud = path.relative(TERRAFORM_DIR, file).split(path.sep)[0];
      (parsed[cloud] = parsed[cloud] || []).push({ file: relative, json });
      check(`parse ${relative}`, []);
    } catch (error) {
      check(`parse ${relative}`, [String(error && error.message ? error.message : error)]);
    }
  }

  const modules = {};
  for (const cloud of CLOUDS) {
    if (!parsed[cloud]) {
      check(`${cloud}: module exists`, [`no .tf files in mcal/terraform/${cloud}`]);
      modules[cloud] = mergeModule([]);
    } else {
      modules[cloud] = mergeModule(parsed[cloud]);
    }
  }

  checkSharedVariables(modules);
  for (const cloud of CLOUDS) {
    const contract = CLOUD_CONTRACT[cloud];
    checkVersions(cloud, modules[cloud], contract);
    checkCloudVariables(cloud, modules[cloud], contract);
    checkOutputs(cloud, modules[cloud], contract);
    checkLabels(cloud, modules[cloud]);
  }
  checkAws(modules.aws);
  checkAzure(modules.azure);
  checkGcp(modules.gcp);
  checkReadme(modules);

  if (args.terraform) terraformChecks(args.workDir);
  else {
    record("SKIP", "terraform fmt -check -recursive", "--no-terraform given");
    for (const cloud of CLOUDS) record("SKIP", `terraform validate (${cloud})`, "--no-terraform given");
  }

  const count = (status) => results.filter((r) => r.status === status).length;
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2));
  console.log(`${count("PASS")} passed, ${count("FAIL")} failed, ${count("SKIP")} skipped`);
  process.exitCode = count("FAIL") > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`terraform check crashed: ${error && error.stack ? error.stack : error}`);
  process.exitCode = 2;
});

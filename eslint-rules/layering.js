// Spindle's layering, as one ESLint rule (in VS Code's manner): which folder
// may import which. Features reach each other, and are reached by the shell,
// the service and the CLI, only through their face (features/<name>/index.ts);
// the lower layers never import the features or the layers above them. In
// shared/contract, each feature's contract (features/<name>.ts, and its
// <name>.*.ts) stands on the shared parts only, not on another feature's
// contract (but for the allow list below), nor on the files that assemble them.
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Files that assemble the features (registries): they may import any feature's insides. */
const REGISTRIES = new Set(['renderer/features/catalogs.ts', 'renderer/features/index.ts', 'electron/backend/features/index.ts']);

/** [folder, folders it must not import, why] */
const FORBIDDEN = [
  ['shared/core/', ['shared/contract/'], 'shared/core holds the rules the contract is built from; it must not import the contract.'],
  ['electron/backend/transport/', ['electron/backend/libvirt/', 'electron/backend/session/', 'electron/backend/plan/', 'electron/backend/features/', 'electron/backend/service/', 'electron/backend/cli/'], 'transport/ is the bottom layer.'],
  ['electron/backend/libvirt/', ['electron/backend/session/', 'electron/backend/plan/', 'electron/backend/features/', 'electron/backend/service/', 'electron/backend/cli/'], 'libvirt/ knows virsh and XML, nothing above it.'],
  ['electron/backend/session/', ['electron/backend/plan/', 'electron/backend/features/', 'electron/backend/service/', 'electron/backend/cli/'], 'session/ sits under plan/ and the features.'],
  ['electron/backend/plan/', ['electron/backend/features/', 'electron/backend/service/', 'electron/backend/cli/'], 'plan/ runs any feature\'s plans without knowing the features.'],
  ['electron/backend/features/', ['electron/backend/service/', 'electron/backend/cli/main.ts'], 'A feature registers its handlers and commands; the service and the CLI mount them (the CLI toolkit in cli/ is for features to use).'],
  ['renderer/platform/', ['renderer/shell/', 'renderer/features/'], 'platform/ is what the shell and the features are built from.'],
];

/** The files that assemble the feature contracts into the API and the operations. */
const CONTRACT_ASSEMBLERS = new Set(['shared/contract/api.ts', 'shared/contract/api-names.ts', 'shared/contract/ops.ts']);

/** [feature, the feature contract it may import, why]: a real dependency, the only ones. */
const CONTRACT_ALLOWED = [['disks', 'volumes', 'attaching a new volume carries the volumes feature\'s CreateVolumeRequest']];

/** "disks" for shared/contract/features/disks.ts, disks.names.ts, disks.*.ts. */
function contractFeatureOf(rel) {
  const m = /^shared\/contract\/features\/([^/.]+)\.[^/]*$/.exec(rel);
  return m ? m[1] : null;
}

/** The zod-free names the sandboxed preload bundles: they import nothing but other names files. */
function isNamesFile(rel) {
  return rel === 'shared/contract/api-names.ts' || /^shared\/contract\/features\/[^/]+\.names\.ts$/.test(rel);
}

/** Why `file` must not import `target` by shared/contract's rules, or null. */
function contractProblem(file, target) {
  const from = contractFeatureOf(file);
  const to = contractFeatureOf(target);
  if (from && CONTRACT_ASSEMBLERS.has(target)) return `${file} must not import ${target}: it assembles the feature contracts (a cycle); take the building blocks from shared/contract/feature-contract.ts.`;
  if (from && to && from !== to && !CONTRACT_ALLOWED.some(([a, b]) => a === from && b === to)) {
    return `${file} must not import ${target}: a feature's contract does not stand on another feature's (allowed: ${CONTRACT_ALLOWED.map(([a, b]) => `${a} -> ${b}`).join(', ')}, in eslint-rules/layering.js).`;
  }
  if (!from && to && file.startsWith('shared/contract/') && !CONTRACT_ASSEMBLERS.has(file)) return `${file} must not import ${target}: the shared parts of the contract are what the features are built from.`;
  return null;
}

function featureOf(rel) {
  const m = /^(electron\/backend|renderer)\/features\/([^/]+)\//.exec(rel);
  return m ? `${m[1]}/features/${m[2]}/` : null;
}

function isFace(rel, feature) {
  const rest = rel.slice(feature.length);
  return /^index\.tsx?$/.test(rest);
}

export default {
  meta: { type: 'problem', docs: { description: 'Spindle layering: features through their face, lower layers never import upper ones' }, schema: [] },
  create(context) {
    const file = path.relative(ROOT, context.filename ?? context.getFilename());
    if (file.startsWith('..') || file.startsWith('e2e/') || /\.test\.tsx?$/.test(file) || REGISTRIES.has(file)) return {};
    const from = featureOf(file);
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const target = spec.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec)) : null;
      if (isNamesFile(file) && !(target && isNamesFile(target))) {
        context.report({ node, message: `${file} must not import ${spec}: the method names are bundled into the sandboxed preload, free of zod; a names file imports only other names files.` });
        return;
      }
      if (!target) return;
      const contract = contractProblem(file, target);
      if (contract) {
        context.report({ node, message: contract });
        return;
      }
      if (file === 'renderer/platform/i18n/index.ts' && target === 'renderer/features/catalogs.ts') return;
      for (const [dir, banned, why] of FORBIDDEN) {
        if (!file.startsWith(dir)) continue;
        const hit = banned.find((b) => target.startsWith(b));
        if (hit) {
          context.report({ node, message: `${file} must not import ${target}: ${why}` });
          return;
        }
      }
      const to = featureOf(target);
      if (to && to !== from && !isFace(target, to)) {
        context.report({ node, message: `${target} is inside feature ${to}: import it through ${to}index.ts (a feature's face), not its files.` });
      }
    };
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};

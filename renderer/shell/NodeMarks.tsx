// What the features mark beside a node's name (e.g. its active alerts), in the tree and the details header.
import type { NodeRef } from '../platform/model/node-ref.ts';
import { UI_FEATURES } from '../features/index.ts';

export function NodeMarks({ nodeRef, withLabel = false }: { nodeRef: NodeRef; withLabel?: boolean }) {
  return (
    <>
      {UI_FEATURES.map((f) => {
        const Mark = f.nodeMark;
        return Mark ? <Mark key={f.id} nodeRef={nodeRef} withLabel={withLabel} /> : null;
      })}
    </>
  );
}

import { RuntimeError } from '../runtime';
import { toText } from '../value';
import { MAX_WINDOW } from './env/windows';
import { needs } from './util';
import { defineBuiltin, expr } from './define';

const DEFAULT_STREAM_TAGS = ['filepath', 'host'];

export const point_window = defineBuiltin({
  name: 'point_window',
  params: [expr('before').accepts('int'), expr('after').accepts('int'), expr('stream_tags').accepts('list').optional().shows('["filepath", "host"]')],
  returns: 'nil',
  doc: `Keeps context around an interesting line: records this script drops (\`drop()\`) are held per stream, and when a later run calls \`window_hit()\` the last \`before\` records of the stream (counting those that were not dropped) are forwarded after all, then the hitting record and the next \`after - 1\` records even if dropped. Streams are told apart by the values of \`stream_tags\`; a tag the point does not have counts as "" (Datakit then does nothing), so with the default tags all lines are one stream, except that the log_pipeline processor keeps each script's and each file's streams apart (as Datakit's \`filepath\` tag does). The first call of a run wins. Each window holds at most ${MAX_WINDOW} records; the log_pipeline processor bounds what all its windows hold together (\`point_windows\`) and drops what they hold at shutdown. Needs a caller that holds windows; held records are forwarded in their original order (Datakit's ring may reorder them).`,
  examples: [
    {
      title: 'keep the lines around a panic',
      script: 'point_window(2, 2)\nif match("panic", _) { window_hit() }\ndrop()',
      input: 'panic: boom',
      dropped: true,
      env: { windows: true },
    },
  ],
  compile({ before, after, stream_tags: tags }, cx) {
    if (!needs(cx, 'windows', 'a caller that holds point windows')) return () => null;
    return (rt) => {
      if (rt.window) return null;
      const b = before(rt) as bigint;
      const a = after(rt) as bigint;
      if (b < 0n || a < 0n || b > BigInt(MAX_WINDOW) || a > BigInt(MAX_WINDOW)) throw new RuntimeError(`point_window: before and after must be between 0 and ${MAX_WINDOW}`);
      const list = tags ? (tags(rt) as unknown[]) : [];
      const names = list.length ? list.map((t) => toText(t as string)) : DEFAULT_STREAM_TAGS;
      const values = names.map((n) => {
        const v = rt.lookup(n);
        return v === undefined || v === null ? '' : toText(v);
      });
      rt.window = { stream: JSON.stringify([names, values]), before: Number(b), after: Number(a) };
      return null;
    };
  },
});

import { toText } from '../value';
import { defineBuiltin, key, str } from './define';

// The xpath package's own typings pull the DOM library into the whole program; this is the part used.
interface XPathExpression {
  evaluate(context: { node: unknown }): unknown;
}
interface XPathModule {
  parse(expr: string): XPathExpression;
  isArrayOfNodes(v: unknown): boolean;
}

// Loaded when a script first uses xml(), so that scripts that do not pay nothing for them.
let libs: { xpath: XPathModule; DOMParser: typeof import('@xmldom/xmldom').DOMParser } | undefined;
function load(): NonNullable<typeof libs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  libs ??= { xpath: require('xpath') as XPathModule, DOMParser: (require('@xmldom/xmldom') as typeof import('@xmldom/xmldom')).DOMParser };
  return libs;
}

/** A parser that refuses malformed XML instead of guessing, as Go's xmlquery does. */
function parseXml(text: string): unknown {
  try {
    const onError = (level: string, msg: string) => {
      if (level !== 'warning') throw new Error(msg);
    };
    return new (load().DOMParser)({ onError }).parseFromString(text, 'text/xml');
  } catch {
    return undefined;
  }
}

function compileXPath(expr: string): XPathExpression | undefined {
  try {
    return load().xpath.parse(expr);
  } catch {
    return undefined;
  }
}

export const xml = defineBuiltin({
  name: 'xml',
  params: [key('input'), str('xpath'), key('newkey')],
  returns: 'nil',
  doc: 'Evaluates an XPath 1.0 expression on the XML text of `input` and writes the text of the first node it selects (an element\'s text with its descendants\', an attribute\'s value) to `newkey`; an expression that gives a string, number or boolean writes that as text. Text that is not well-formed XML, or an expression that selects nothing, writes nothing. The XPath is compiled when the script is checked, so a malformed one fails the check (Datakit ignores it at run time). XML is parsed by @xmldom/xmldom and XPath evaluated by xpath, both pure JavaScript.',
  examples: [
    { title: 'element text', script: 'xml(_, "/entry/fieldx/text()", x)', input: '<entry><fieldx>valuex</fieldx><fieldy>y</fieldy></entry>', fields: { x: 'valuex' } },
    { title: 'attribute', script: "xml(_, '/OrderEvent/@actionCode', action_code)", input: '<OrderEvent actionCode = "5"><OrderNumber>ORD12345</OrderNumber></OrderEvent>', fields: { action_code: '5' } },
    { title: 'the first of several', script: 'xml(_, "/entry/fieldarray//fielda[1]/text()", a1)', input: '<entry><fieldarray><fielda>a_1</fielda><fielda>a_2</fielda></fieldarray></entry>', fields: { a1: 'a_1' } },
    { title: 'not XML: nothing written', script: 'xml(_, "/a/text()", a)', input: 'Not a valid XML', absent: ['a'] },
  ],
  compile({ input, xpath: expr, newkey }, cx) {
    const compiled = compileXPath(expr);
    if (!compiled) {
      cx.error(cx.pos('xpath'), `not a valid XPath 1.0 expression: ${JSON.stringify(expr)}`);
      return () => null;
    }
    return (rt) => {
      const v = rt.lookup(input);
      if (v === undefined || v === null) return null;
      const doc = parseXml(toText(v));
      if (!doc) return null;
      let out: string | undefined;
      try {
        const r = compiled.evaluate({ node: doc });
        if (load().xpath.isArrayOfNodes(r)) out = (r as Array<{ textContent: string | null }>)[0]?.textContent ?? undefined;
        else out = String(r);
      } catch {
        return null;
      }
      if (out !== undefined) rt.write(newkey, out);
      return null;
    };
  },
});

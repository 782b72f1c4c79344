/**
 * Field descriptions for the plugin schema, read from the JSDoc of the resources' schema.ts files: the
 * comments users already see on the TypeScript Args types are the one text. Needs the TypeScript compiler
 * (a dev dependency), so it runs when the schema is generated (the build, the drift test), never in the
 * plugin process, which reads the generated file (schema-file.ts).
 */
import * as fs from "fs";
import * as ts from "typescript";

export interface DocComments {
  /** property name -> JSDoc text; the first object literal in the file that documents a name wins. */
  fields: Record<string, string>;
}

function text(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  if (!last || last.comment === undefined) return undefined;
  const c = typeof last.comment === "string" ? last.comment : last.comment.map((p) => p.text).join("");
  return c.replace(/\s+/g, " ").trim() || undefined;
}

/**
 * `scope`: only the initializer of the variable `within`, or all but that of `except` (a component's
 * schema.ts documents an output and an input of the same name differently).
 */
export function docComments(file: string, scope: { within?: string; except?: string } = {}): DocComments {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const fields: Record<string, string> = {};
  const visit = (node: ts.Node, inScope: boolean): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      if (node.name.text === scope.except) return;
      if (node.name.text === scope.within) inScope = true;
    }
    if (inScope && (ts.isPropertyAssignment(node) || ts.isPropertySignature(node))) {
      const name = node.name.getText(source);
      const doc = text(node);
      if (doc && !(name in fields)) fields[name] = doc;
    }
    ts.forEachChild(node, (child) => visit(child, inScope));
  };
  visit(source, !scope.within);
  return { fields };
}

/** The JSDoc of the exported class `name` in `file`. */
export function classDoc(file: string, name: string): string | undefined {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  let found: string | undefined;
  ts.forEachChild(source, (node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === name) found = text(node);
  });
  return found;
}

/** The fields of interface `name` in `file`: name, TypeScript type text, optional, JSDoc. */
export function interfaceFields(file: string, name: string): { name: string; type: string; optional: boolean; doc?: string }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const out: { name: string; type: string; optional: boolean; doc?: string }[] = [];
  ts.forEachChild(source, (node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== name) return;
    for (const m of node.members) {
      if (!ts.isPropertySignature(m)) continue;
      out.push({ name: m.name.getText(source), type: m.type?.getText(source) ?? "unknown", optional: !!m.questionToken, doc: text(m) });
    }
  });
  return out;
}

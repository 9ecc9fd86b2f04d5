/**
 * Script variable rendering (pure). A template is plain text with `{变量}`
 * placeholders; known variables are replaced by their value, unknown ones are
 * left exactly as written so the guide sees what did not resolve. The output is
 * plain text for a chat message: no HTML escaping or interpretation happens here.
 */

/** Variables a script may use, with what they mean (for the editor's help text). */
export const SCRIPT_VARIABLES = {
  客户称呼: 'the 称呼 (salutation) the guide set for the customer, else their WeChat name; never the remark',
  客户昵称: "the customer's WeChat / WeCom name",
  导购姓名: "the sending guide's name",
  门店: "the guide's main department (store) name",
  群名称: 'the group chat name (group scripts)',
  今天: "today's date (Asia/Shanghai), e.g. 11月23日",
  节日: "today's holiday from the holiday calendar, e.g. 圣诞节 (a script using it is offered only on a holiday)",
} as const;
export type ScriptVariableName = keyof typeof SCRIPT_VARIABLES;

/** Values for one rendering; a missing or null value leaves the placeholder visible. */
export type ScriptVars = Partial<Record<ScriptVariableName, string | null>> & Record<string, string | null | undefined>;

const PLACEHOLDER = /\{([^{}\s]{1,16})\}/g;

/** Replaces `{name}` placeholders with vars[name]; unknown or empty variables stay as `{name}`. */
export function renderScript(template: string, vars: ScriptVars): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    return value === undefined || value === null || value === '' ? whole : value;
  });
}

/** The variable names used in a template (in order of first use). */
export function scriptVariablesOf(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) seen.add(m[1] as string);
  return [...seen];
}

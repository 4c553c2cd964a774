type Requirement = (labels: Record<string, string>) => boolean;

/** Splits at the commas that separate requirements, not those inside `in (a,b)`. */
function requirementsOf(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let part = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(part);
      part = '';
    } else {
      part += char;
    }
  }
  parts.push(part);
  return parts.map(p => p.trim()).filter(Boolean);
}

function parseRequirement(text: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
  if (set) {
    const [, key, operator, list] = set;
    const values = new Set(list.split(',').map(v => v.trim()));
    return operator === 'in'
      ? labels => key in labels && values.has(labels[key])
      : labels => !(key in labels) || !values.has(labels[key]);
  }
  const compare = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (compare) {
    const [, key, operator, value] = compare;
    return operator === '!='
      ? labels => labels[key] !== value
      : labels => labels[key] === value;
  }
  if (/^!\S+$/.test(text)) return labels => !(text.slice(1) in labels);
  if (/^\S+$/.test(text)) return labels => text in labels;
  throw new Error(`Unsupported label selector requirement: "${text}"`);
}

/**
 * A predicate that tells whether labels match a label selector, as the API
 * server reads it (`a=b`, `a==b`, `a!=b`, `a in (b,c)`, `a notin (b)`, `a`,
 * `!a`, joined by commas). The empty selector matches everything.
 */
export function labelSelectorMatcher(
  selector: string,
): (labels: Record<string, string> | undefined) => boolean {
  const requirements = requirementsOf(selector).map(parseRequirement);
  return labels => requirements.every(matches => matches(labels ?? {}));
}

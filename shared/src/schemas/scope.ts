import { z } from 'zod';

/** A scope names a node of the hierarchy: the nation, a province, a commune or one polling area. */
export const scopeSchema = z.union([
  z.literal('nation'),
  z.string().regex(/^province:\d{2}$/),
  z.string().regex(/^commune:\d{5}$/),
  z.string().regex(/^area:\d{5}-\d{4}$/),
]);
export type Scope = z.infer<typeof scopeSchema>;
export type ScopeKind = 'nation' | 'province' | 'commune' | 'area';

export function scopeKind(scope: Scope): ScopeKind {
  const i = scope.indexOf(':');
  return (i < 0 ? scope : scope.slice(0, i)) as ScopeKind;
}

export function scopeCode(scope: Scope): string {
  const i = scope.indexOf(':');
  return i < 0 ? '' : scope.slice(i + 1);
}

export function childKind(kind: ScopeKind): ScopeKind | null {
  return kind === 'nation' ? 'province' : kind === 'province' ? 'commune' : kind === 'commune' ? 'area' : null;
}

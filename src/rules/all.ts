import type { RawFinding } from '../findings/types.js';
import { flowsToRawFindings } from '../flow/core.js';
import { configurationChecks } from './configuration/index.js';
import { permissionChecks } from './permission/index.js';
import type { AppAnalysis, RuleCheck, RuleContext } from './types.js';

/** Every check but the flow rules, which come from the flows themselves. */
export const ALL_CHECKS: RuleCheck[] = [...configurationChecks, ...permissionChecks];

/** Runs every rule on one app. Pure: facts and flows in, raw findings out. */
export function evaluateRules(app: AppAnalysis, ctx: RuleContext): RawFinding[] {
  const appPath = app.app.path;
  const out: RawFinding[] = flowsToRawFindings(app.flows, ctx.rules, appPath);
  for (const check of ALL_CHECKS) {
    for (const f of check.check(app, ctx)) out.push({ ...f, app: f.app ?? appPath });
  }
  return out;
}

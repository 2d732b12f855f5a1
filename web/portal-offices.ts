// A unit may owe duties to several issuing offices (a city's plan and a county's, say): its portal pages show each
// office's duties under that office's name, so a unit knows who asked for what. Offices come in the order of
// their first duty (the most urgent first); a plan started without an issuer is shown as such.
import { planOf, type RunningPlan } from '../client/plan-offices';

export const NO_OFFICE = '未注明发文单位';

export interface OfficeDuties<D> {
  office: string;
  duties: D[];
}

/** The issuing office's name for an obligation's id, among these plans. */
export function officeNames(plans: RunningPlan[]): (obligation: string) => string {
  const ids = plans.map((p) => p.id);
  const offices = new Map(plans.map((p) => [p.id, p.office ?? NO_OFFICE]));
  return (obligation) => offices.get(planOf(obligation, ids) ?? '') ?? NO_OFFICE;
}

/** The duties grouped by their plan's issuing office, each group keeping the duties' order. */
export function dutiesByOffice<D extends { id: string }>(duties: D[], plans: RunningPlan[]): OfficeDuties<D>[] {
  const officeOf = officeNames(plans);
  const groups = new Map<string, D[]>();
  for (const d of duties) {
    const office = officeOf(d.id);
    groups.set(office, [...(groups.get(office) ?? []), d]);
  }
  return [...groups].map(([office, ds]) => ({ office, duties: ds }));
}

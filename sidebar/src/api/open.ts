import type { CustomerOpenResponse } from '@shared/api/open.ts';
import { apiGetChecked } from './http.ts';
import { afterFirstScreen } from '../utils/first-screen.ts';
import { badResponse, checkCustomerOpen } from './first-screen-checks.ts';

/**
 * The whole first screen of a 1v1 chat (me, profile, next actions) in one request. Checked by
 * hand for the paint, then against the full zod contract once the page is idle.
 */
export async function openCustomerChat(externalUserid: string): Promise<CustomerOpenResponse> {
  const open = await apiGetChecked(`/api/open/customer/${encodeURIComponent(externalUserid)}`, checkCustomerOpen);
  afterFirstScreen(() => void checkWhole(open));
  return open;
}

async function checkWhole(open: CustomerOpenResponse): Promise<void> {
  const { customerOpenResponseSchema } = await import('@shared/api/open.ts');
  if (!customerOpenResponseSchema.safeParse(open).success) console.error(badResponse().message, '(GET /api/open/customer)');
}

import type { Role } from '@shared/enums.ts';

/** The authenticated staff member a request acts as. */
export interface Actor {
  staffId: number;
  userid: string;
  name: string;
  role: Role;
}

declare module '../http/types.ts' {
  interface AppState {
    actor?: Actor;
  }
}

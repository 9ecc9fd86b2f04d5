import type { ScriptBody } from '@shared/scripts/content.ts';

/**
 * What the send sheet shows: a title, the message already rendered for this chat, and optionally
 * why it is offered (a recommended script's reason, or a task's rule and due time) and who receives
 * it (客户 by default, 群成员 in a group). A library script (ScriptItem) is one as it is.
 */
export interface SendSheetItem {
  title: string;
  rendered: ScriptBody;
  recommended?: boolean;
  reason?: string | null;
  note?: string | null;
  audience?: string;
}

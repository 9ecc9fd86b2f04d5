import type { MigrationInterface, QueryRunner } from 'typeorm';
import { c, createTable, index } from './lib/schema.ts';

/** The built-in SOP rules every corp starts with (editable; the six-touch cadence is seed 001 "一年六次"). */
const BUILTIN_RULES: Array<
  [name: string, trigger: string, segment: string | null, days: string, content: string, dueHour: number, enabled: number]
> = [
  [
    '一年六次',
    'six_touch',
    'champion',
    '',
    '{客户称呼}您好，我是{门店}的{导购姓名}，最近新到了几款适合您的产品，有空来店里坐坐吗？',
    18,
    1,
  ],
  ['首单回访', 'first_order', null, '3', '{客户称呼}您好，我是{导购姓名}，前几天买的产品用着怎么样？有任何问题随时找我哦～', 18, 1],
  ['沉默唤醒', 'silent', null, '30', '{客户称呼}好久不见！{门店}本周有会员专享活动，给您留了名额，方便的话来看看吧～', 18, 1],
  ['生日关怀', 'birthday', null, '7', '{客户称呼}您好，您的生日快到了，{门店}为您准备了一份生日礼，这周来店里领取吧🎂', 12, 1],
  ['退款安抚', 'refund', null, '0', '{客户称呼}您好，退款已经处理，给您添麻烦了。之后有任何需要随时联系我，{导购姓名}', 20, 1],
  ['新群破冰', 'group_created', null, '1,3,7', '欢迎大家加入{群名称}！我是{导购姓名}，有问题随时在群里问我～', 12, 1],
  ['重要客户月度关怀', 'monthly', 'champion', '', '{客户称呼}您好，这个月{门店}有新品到店，给您留了试用装～', 18, 0],
];

/**
 * SOP rules as data, the tasks they create for guides (idempotent by
 * dedupe_key), and the alerts pushed to guides as WeCom application messages
 * (one per event, rate-limited, held back in the guide's quiet hours).
 */
export class SopTasksAlerts1796667331473 implements MigrationInterface {
  name = 'SopTasksAlerts1796667331473';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'sop_rule', [
      c.id(),
      c.str('name', 64),
      c.str('trigger_kind', 24),
      c.str('segment', 32, true),
      c.str('days', 32, false, ''),
      c.text('content'),
      c.int('due_hour', false, 18),
      c.bool('enabled'),
      c.bool('builtin'),
      c.int('created_by', true),
      c.createdAt(),
    ]);
    for (const [name, trigger, segment, days, content, dueHour, enabled] of BUILTIN_RULES) {
      await qr.query(
        'INSERT INTO sop_rule (name, trigger_kind, segment, days, content, due_hour, enabled, builtin) VALUES (?, ?, ?, ?, ?, ?, ?, 1)',
        [name, trigger, segment, days, content, dueHour, enabled],
      );
    }
    await createTable(
      qr,
      'task',
      [
        c.id(),
        c.int('rule_id'),
        c.int('staff_id'),
        c.int('customer_id', true),
        c.int('group_id', true),
        c.str('dedupe_key', 128),
        c.date('due_at'),
        c.str('status', 12),
        c.date('done_at', true),
        c.str('done_via', 16, true),
        c.str('dismiss_reason', 64, true),
        c.createdAt(),
      ],
      [
        index('uq_task_dedupe', ['dedupe_key'], true),
        // 今日任务: a guide's open tasks by due time; the chat page: open tasks of a customer/group.
        index('idx_task_staff_status_due', ['staff_id', 'status', 'due_at']),
        index('idx_task_customer_status', ['customer_id', 'status']),
        index('idx_task_group_status', ['group_id', 'status']),
        index('idx_task_rule_due', ['rule_id', 'due_at']),
      ],
    );
    await createTable(
      qr,
      'alert',
      [
        c.id(),
        c.int('staff_id'),
        c.str('kind', 24),
        c.str('dedupe_key', 128),
        c.int('customer_id', true),
        c.str('title', 128),
        c.text('body'),
        c.str('url', 512),
        c.str('status', 12),
        c.date('send_after'),
        c.date('sent_at', true),
        c.str('error', 64, true),
        c.createdAt(),
      ],
      [
        index('uq_alert_dedupe', ['dedupe_key'], true),
        index('idx_alert_status_after', ['status', 'send_after']),
        index('idx_alert_staff_sent', ['staff_id', 'sent_at']),
      ],
    );
    await createTable(qr, 'alert_setting', [
      { ...c.int('staff_id'), isPrimary: true },
      c.str('quiet_start', 5, false, '21:00'),
      c.str('quiet_end', 5, false, '08:00'),
      c.bool('muted'),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('alert_setting');
    await qr.dropTable('alert');
    await qr.dropTable('task');
    await qr.dropTable('sop_rule');
  }
}

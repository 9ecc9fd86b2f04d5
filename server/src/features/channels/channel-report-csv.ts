import type { ChannelReport, ChannelReportRow } from '@shared/api/channels.ts';
import type { Cell } from '@server/features/reports/index.ts';

const pct = (n: number, d: number): Cell => (d > 0 ? { fixed: (n / d) * 100, digits: 1 } : null);
const yuan = (fen: number): Cell => ({ fixed: fen / 100, digits: 2 });

/** The channel report as CSV, columns in the table's order: rates in percent, money in 元 (the reports' CSV conventions). */
export function channelReportCsv(report: ChannelReport): { header: string[]; rows: Cell[][] } {
  const first = report.by === 'guide' ? ['导购', '门店'] : report.by === 'store' ? ['门店'] : ['渠道', '渠道分组'];
  const header = [
    ...first,
    '新增客户',
    '7天净增',
    '7天留存率(%)',
    '30天净增',
    '30天留存率(%)',
    '30天内回复',
    '回复率(%)',
    '30天内下单',
    '下单转化率(%)',
    '30天GMV(元)',
    '欢迎语已发送',
    '入群',
  ];
  const line = (r: ChannelReportRow): Cell[] => [
    r.label,
    ...(report.by === 'store' ? [] : [r.sub]),
    r.adds,
    r.net7,
    pct(r.net7, r.matured7),
    r.net30,
    pct(r.net30, r.matured30),
    r.replied30,
    pct(r.replied30, r.adds),
    r.ordered30,
    pct(r.ordered30, r.adds),
    yuan(r.gmv30),
    r.welcomeSent,
    r.groupJoins,
  ];
  return { header, rows: [...report.rows.map(line), line(report.totals)] };
}

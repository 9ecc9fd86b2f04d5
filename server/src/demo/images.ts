import { PRODUCTS, type Product } from './catalog.ts';

/**
 * The demo brand's pictures: script posters, link and mini-program covers, and product shots. The
 * simulator draws them (server/src/simulator/asset-images.ts) and serves them on the server's own
 * origin, so the demo shows them without any external host; scripts refer to them by path (the
 * script schema accepts a path on this server besides https URLs).
 */
export const DEMO_IMAGE_PATH = '/sim/asset/';

export interface DemoPoster {
  title: string;
  line: string;
  /** A product drawn on the poster. */
  sku?: string;
  /** Backdrop hue family. */
  tone: 'rose' | 'sand' | 'leaf' | 'sky' | 'plum' | 'gold';
  /** Link covers are square (WeCom shows a link card's picture as a square thumbnail); the rest 3:2. */
  square?: boolean;
}

/** Posters by key (`/sim/asset/<key>.svg`). */
export const DEMO_POSTERS: Readonly<Record<string, DemoPoster>> = {
  'brand-intro': { title: '木棉集 MUMIAN', line: '东方植萃 · 温和有效的日常护肤', sku: 'MM-SK-010', tone: 'rose' },
  'lip-swatches': { title: '丝绒雾面唇釉试色', line: '#01 木棉红 · #05 豆沙', sku: 'MM-CO-001', tone: 'rose' },
  'new-makeup': { title: '新品彩妆上市', line: '持妆粉底液 · 轻薄气垫 BB 霜', sku: 'MM-CO-004', tone: 'plum' },
  'comeback-gift': { title: '专属回归礼', line: '老朋友回来啦，礼包已为您备好', sku: 'MM-MK-001', tone: 'gold' },
  'birthday-card': { title: '生日快乐', line: '木棉集为您准备了生日礼遇', sku: 'MM-SK-010', tone: 'rose' },
  'new-year': { title: '年货节', line: '礼盒限定 · 满额赠好礼', sku: 'MM-SK-010', tone: 'gold' },
  'guide-autumn-winter': { title: '秋冬护肤指南', line: '干皮、油皮、敏感肌的换季护理', sku: 'MM-SK-005', tone: 'sand', square: true },
  'review-foundation': { title: '真人测评', line: '持妆粉底液 12 小时实测', sku: 'MM-CO-004', tone: 'sand', square: true },
  'guide-how-to-use': { title: '产品使用方法', line: '精华、乳液、面霜的顺序和用量', sku: 'MM-SK-003', tone: 'sky', square: true },
  'activity-member-day': { title: '会员日', line: '每月 1 号 · 全场满 299 减 50', sku: 'MM-SK-002', tone: 'gold', square: true },
  'live-launch': { title: '新品发布会直播', line: '今晚 8 点 · 新品首发价 + 抽奖', sku: 'MM-SK-004', tone: 'plum', square: true },
  'mp-product': { title: '烟酰胺亮肤精华', line: '新品上市', sku: 'MM-SK-004', tone: 'sky' },
  'mp-points': { title: '会员积分商城', line: '积分兑好礼', sku: 'MM-MK-003', tone: 'leaf' },
  'mp-aftersale': { title: '售后服务', line: '退换货 · 进度查询', tone: 'sky' },
  'mp-coupon': { title: '专属回归礼包', line: '限时领取', sku: 'MM-MK-001', tone: 'gold' },
  'mp-birthday': { title: '生日礼', line: '生日月专属礼遇', sku: 'MM-SK-010', tone: 'rose' },
  'mp-seckill': { title: '群专属秒杀', line: '每周三晚 8 点', sku: 'MM-CO-002', tone: 'plum' },
};

/** The path of a poster; throws on an unknown key so a script can never point at a missing picture. */
export function posterPath(key: string): string {
  if (!DEMO_POSTERS[key]) throw new Error(`no demo poster "${key}"`);
  return `${DEMO_IMAGE_PATH}${key}.svg`;
}

/** The path of a product's picture (`/sim/asset/product/<sku>.svg`). */
export function productImagePath(p: Pick<Product, 'sku'>): string {
  return `${DEMO_IMAGE_PATH}product/${p.sku}.svg`;
}

export const productBySku = (sku: string): Product | undefined => PRODUCTS.find((p) => p.sku === sku);

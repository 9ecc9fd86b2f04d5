/**
 * The brand's product catalogue: 木棉集 MUMIAN, a Chinese skincare/cosmetics
 * brand. Prices are in fen (分). `weight` is how often a product is bought.
 */
export interface Product {
  sku: string;
  name: string;
  price: number;
  weight: number;
  category: string;
}

export const BRAND = { name: '木棉集', nameEn: 'MUMIAN', shop: '木棉集官方商城' } as const;

export const PRODUCTS: readonly Product[] = [
  { sku: 'MM-SK-001', name: '木棉花精华爽肤水 150ml', price: 16900, weight: 10, category: '护肤' },
  { sku: 'MM-SK-002', name: '木棉花保湿乳液 120ml', price: 18900, weight: 8, category: '护肤' },
  { sku: 'MM-SK-003', name: '玻尿酸水光精华 30ml', price: 29900, weight: 9, category: '护肤' },
  { sku: 'MM-SK-004', name: '烟酰胺亮肤精华 30ml', price: 26900, weight: 7, category: '护肤' },
  { sku: 'MM-SK-005', name: '积雪草舒缓修护面霜 50g', price: 32900, weight: 6, category: '护肤' },
  { sku: 'MM-SK-006', name: '视黄醇抗初老晚霜 50g', price: 45900, weight: 4, category: '护肤' },
  { sku: 'MM-SK-007', name: '氨基酸温和洁面乳 100g', price: 8900, weight: 12, category: '护肤' },
  { sku: 'MM-SK-008', name: '多肽紧致眼霜 15g', price: 38900, weight: 4, category: '护肤' },
  { sku: 'MM-SK-009', name: '清透防晒乳 SPF50+ 50ml', price: 15900, weight: 9, category: '护肤' },
  { sku: 'MM-SK-010', name: '木棉花臻养礼盒（水+乳+霜）', price: 69900, weight: 3, category: '礼盒' },
  { sku: 'MM-MK-001', name: '补水修护面膜 5片装', price: 9900, weight: 12, category: '面膜' },
  { sku: 'MM-MK-002', name: '清洁泥膜 100g', price: 12900, weight: 5, category: '面膜' },
  { sku: 'MM-MK-003', name: '睡眠面膜 80ml', price: 13900, weight: 4, category: '面膜' },
  { sku: 'MM-CO-001', name: '丝绒雾面唇釉 #01 木棉红', price: 11900, weight: 8, category: '彩妆' },
  { sku: 'MM-CO-002', name: '丝绒雾面唇釉 #05 豆沙', price: 11900, weight: 7, category: '彩妆' },
  { sku: 'MM-CO-003', name: '水润光泽口红 #12 枫叶', price: 13900, weight: 6, category: '彩妆' },
  { sku: 'MM-CO-004', name: '持妆粉底液 30ml 自然色', price: 22900, weight: 6, category: '彩妆' },
  { sku: 'MM-CO-005', name: '轻薄气垫 BB霜 15g', price: 19900, weight: 6, category: '彩妆' },
  { sku: 'MM-CO-006', name: '九色眼影盘 晚霞', price: 16900, weight: 4, category: '彩妆' },
  { sku: 'MM-CO-007', name: '防水纤长睫毛膏', price: 9900, weight: 5, category: '彩妆' },
  { sku: 'MM-CO-008', name: '控油定妆散粉 8g', price: 12900, weight: 5, category: '彩妆' },
  { sku: 'MM-CO-009', name: '极细眉笔 #02 灰棕', price: 5900, weight: 7, category: '彩妆' },
  { sku: 'MM-FR-001', name: '木棉花淡香水 50ml', price: 39900, weight: 3, category: '香氛' },
  { sku: 'MM-FR-002', name: '白茶香氛蜡烛 200g', price: 18900, weight: 3, category: '香氛' },
  { sku: 'MM-FR-003', name: '随行香水小样套装 5×2ml', price: 9900, weight: 4, category: '香氛' },
  { sku: 'MM-BD-001', name: '烟酰胺美白身体乳 250ml', price: 12900, weight: 6, category: '身体护理' },
  { sku: 'MM-BD-002', name: '氨基酸柔顺洗发水 500ml', price: 8900, weight: 6, category: '身体护理' },
  { sku: 'MM-BD-003', name: '护手霜三支装 30g×3', price: 6900, weight: 7, category: '身体护理' },
  { sku: 'MM-BD-004', name: '磨砂沐浴露 400ml', price: 7900, weight: 5, category: '身体护理' },
  { sku: 'MM-TL-001', name: '化妆棉 200片', price: 2900, weight: 8, category: '工具' },
  { sku: 'MM-TL-002', name: '美妆蛋 2只装', price: 3900, weight: 5, category: '工具' },
  { sku: 'MM-TL-003', name: '化妆刷 8支套装', price: 15900, weight: 2, category: '工具' },
  { sku: 'MM-GF-001', name: '限定联名圣诞礼盒', price: 88800, weight: 1, category: '礼盒' },
  { sku: 'MM-GF-002', name: '新年红运彩妆礼盒', price: 59900, weight: 1, category: '礼盒' },
];

export const PRODUCT_ENTRIES = PRODUCTS.map((p) => [p, p.weight] as const);
/** Premium products heavy buyers pick more often. */
export const PREMIUM_ENTRIES = PRODUCTS.map((p) => [p, p.weight * (p.price >= 25000 ? 3 : 1)] as const);

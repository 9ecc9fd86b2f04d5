/**
 * How a customer is named, in one place (pure).
 *
 * - The guide sees the display name: their own remark, else the WeChat name. The remark is where
 *   guides keep notes ("黄姐 金卡 眼霜控"), so it is for the guide's eyes only.
 * - The customer is addressed by the 称呼 (salutation) the guide set for them, else the WeChat
 *   name. The remark never reaches a customer.
 */

/** What the guide sees as the customer's name (header, avatar initial, reasons). */
export function guideDisplayName(c: { remark?: string | null; name: string }): string {
  return c.remark?.trim() || c.name;
}

/** How a message addresses the customer: the 称呼, else the WeChat name. Never the remark. */
export function customerSalutation(c: { salutation?: string | null; name: string }): string {
  return c.salutation?.trim() || c.name;
}

/** Longest first so 欧阳 wins over 欧. */
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容', '令狐', '皇甫', '尉迟', '公孙', '夏侯', '端木', '南宫', '长孙'];
/** Common single-character surnames: a nickname such as 小鱼儿 or 木木 is not taken for a name. */
const SURNAMES = new Set(
  Array.from(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  ),
);

const HAN_NAME = /^[\u4e00-\u9fa5]{2,4}$/;

/** The surname of a Chinese personal name, or null when the name is a nickname. */
export function surnameOf(name: string): string | null {
  const n = name.trim();
  if (!HAN_NAME.test(n)) return null;
  const compound = COMPOUND_SURNAMES.find((s) => n.startsWith(s) && n.length > s.length);
  if (compound) return compound;
  const first = n.slice(0, 1);
  return SURNAMES.has(first) ? first : null;
}

/**
 * 称呼 suggestions from the name and gender (1 male, 2 female, 0 unknown), best first, e.g.
 * 黄莉雅 (female) → 黄女士, 黄姐, 莉雅. A nickname is suggested as it is. Never reads the remark.
 */
export function suggestSalutations(name: string, gender: number): string[] {
  const n = name.trim();
  const surname = surnameOf(n);
  if (!surname) return n ? [n] : [];
  const given = n.slice(surname.length);
  const byGender =
    gender === 1
      ? [`${surname}先生`, `${surname}哥`]
      : gender === 2
        ? [`${surname}女士`, `${surname}姐`]
        : [`${surname}女士`, `${surname}先生`];
  return [...new Set([...byGender, ...(given.length === 2 ? [given] : []), n])];
}

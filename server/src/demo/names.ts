/**
 * Word lists for believable Chinese people: real names (with pinyin for
 * userids), WeChat nicknames (some with emoji or English) and avatar URLs.
 */
import type { Rng } from './random.ts';

/** Common surnames weighted roughly by frequency, with pinyin. */
const SURNAMES: ReadonlyArray<readonly [string, string, number]> = [
  ['王', 'wang', 7],
  ['李', 'li', 7],
  ['张', 'zhang', 7],
  ['刘', 'liu', 5],
  ['陈', 'chen', 5],
  ['杨', 'yang', 3],
  ['黄', 'huang', 2],
  ['赵', 'zhao', 2],
  ['吴', 'wu', 2],
  ['周', 'zhou', 2],
  ['徐', 'xu', 2],
  ['孙', 'sun', 2],
  ['马', 'ma', 1],
  ['朱', 'zhu', 1],
  ['胡', 'hu', 1],
  ['郭', 'guo', 1],
  ['何', 'he', 1],
  ['林', 'lin', 1],
  ['高', 'gao', 1],
  ['罗', 'luo', 1],
  ['郑', 'zheng', 1],
  ['梁', 'liang', 1],
  ['谢', 'xie', 1],
  ['宋', 'song', 1],
  ['唐', 'tang', 1],
  ['许', 'xu', 1],
  ['韩', 'han', 1],
  ['冯', 'feng', 1],
  ['邓', 'deng', 1],
  ['曹', 'cao', 1],
  ['彭', 'peng', 1],
  ['曾', 'zeng', 1],
  ['肖', 'xiao', 1],
  ['田', 'tian', 1],
  ['董', 'dong', 1],
  ['潘', 'pan', 1],
  ['袁', 'yuan', 1],
  ['蒋', 'jiang', 1],
  ['蔡', 'cai', 1],
  ['余', 'yu', 1],
  ['杜', 'du', 1],
  ['叶', 'ye', 1],
  ['程', 'cheng', 1],
  ['苏', 'su', 1],
  ['魏', 'wei', 1],
  ['吕', 'lv', 1],
  ['丁', 'ding', 1],
  ['沈', 'shen', 1],
];

const SURNAME_ENTRIES = SURNAMES.map(([s, p, w]) => [[s, p] as const, w] as const);

const FEMALE_GIVEN: ReadonlyArray<readonly [string, string]> = [
  ['婷', 'ting'],
  ['静', 'jing'],
  ['敏', 'min'],
  ['丽', 'li'],
  ['娟', 'juan'],
  ['艳', 'yan'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['雪', 'xue'],
  ['慧', 'hui'],
  ['琳', 'lin'],
  ['欣', 'xin'],
  ['怡', 'yi'],
  ['佳', 'jia'],
  ['雨', 'yu'],
  ['萱', 'xuan'],
  ['梦', 'meng'],
  ['晓', 'xiao'],
  ['思', 'si'],
  ['雅', 'ya'],
  ['诗', 'shi'],
  ['颖', 'ying'],
  ['露', 'lu'],
  ['薇', 'wei'],
  ['倩', 'qian'],
  ['璐', 'lu'],
  ['瑶', 'yao'],
  ['悦', 'yue'],
  ['晴', 'qing'],
  ['蕾', 'lei'],
  ['莉', 'li'],
  ['菲', 'fei'],
];
const MALE_GIVEN: ReadonlyArray<readonly [string, string]> = [
  ['伟', 'wei'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['浩', 'hao'],
  ['鹏', 'peng'],
  ['宇', 'yu'],
  ['俊', 'jun'],
  ['峰', 'feng'],
  ['辉', 'hui'],
  ['子', 'zi'],
  ['轩', 'xuan'],
  ['博', 'bo'],
  ['文', 'wen'],
  ['建', 'jian'],
  ['志', 'zhi'],
  ['晨', 'chen'],
  ['凯', 'kai'],
];

export interface PersonName {
  name: string;
  pinyin: string;
  surname: string;
}

/** A realistic full name: surname + one or two given characters. gender 1 male, 2 female. */
export function personName(r: Rng, gender: 0 | 1 | 2): PersonName {
  const [surname, sp] = r.weighted(SURNAME_ENTRIES);
  const pool = gender === 1 ? MALE_GIVEN : gender === 2 ? FEMALE_GIVEN : r.chance(0.5) ? MALE_GIVEN : FEMALE_GIVEN;
  const a = r.pick(pool);
  if (r.chance(0.35)) return { name: surname + a[0], pinyin: sp + a[1], surname };
  const b = r.pick(pool);
  return { name: surname + a[0] + b[0], pinyin: sp + a[1] + b[1], surname };
}

const NICK_WORDS = [
  '静待花开',
  '阳光明媚',
  '岁月静好',
  '微笑向暖',
  '一米阳光',
  '半夏微凉',
  '花开半夏',
  '浅笑安然',
  '时光不老',
  '清风徐来',
  '向日葵',
  '小确幸',
  '简单就好',
  '随遇而安',
  '安之若素',
  '云淡风轻',
  '梦里花落',
  '樱花雨',
  '橘子汽水',
  '柠檬不萌',
  '奶茶续命',
  '甜甜圈',
  '草莓味的猫',
  '芒果布丁',
  '海盐芝士',
  '桃桃乌龙',
  '西柚不酸',
  '小鹿乱撞',
  '星河滚烫',
  '人间值得',
  '慢慢来',
  '努力变美',
  '快乐星球',
  '好运连连',
  '万事胜意',
  '平安喜乐',
  '知足常乐',
  '心想事成',
  '春暖花开',
  '夏天的风',
];
const NICK_PREFIX = ['小', '阿', '大', '甜', '萌'];
const NICK_SUFFIX = ['酱', '妈妈', '宝宝', '同学', '姐', '子', '儿'];
const ENGLISH = [
  'Amy',
  'Cherry',
  'Lily',
  'Coco',
  'Vivian',
  'Grace',
  'Sunny',
  'Echo',
  'Yoyo',
  'Kiki',
  'Anna',
  'Candy',
  'Jenny',
  'Tina',
  'Ivy',
  'Judy',
  'Kevin',
  'Leo',
  'Jack',
  'Tony',
];
const EMOJI = ['🌸', '🌷', '🍓', '🍑', '🦋', '🌙', '⭐', '☀️', '🍀', '🐱', '🐰', '💕', '✨', '🌈', '🍒', '🌻', '🦌', '🎀'];
const PLACES = ['上海', '杭州', '南京', '广州', '深圳', '北京', '成都', '苏州', '武汉', '重庆'];

/** A WeChat nickname in one of the styles people actually use. */
export function wechatNickname(r: Rng, real: PersonName): string {
  const style = r.weighted<number>([
    [0, 22],
    [1, 14],
    [2, 10],
    [3, 12],
    [4, 8],
    [5, 6],
    [6, 6],
    [7, 5],
    [8, 6],
    [9, 11],
  ]);
  const given = real.name.slice(real.surname.length);
  switch (style) {
    case 0:
      return r.pick(NICK_WORDS);
    case 1:
      return real.name;
    case 2:
      return r.pick(NICK_PREFIX) + (given.slice(-1) || given);
    case 3:
      return r.pick(ENGLISH) + (r.chance(0.5) ? real.surname : '');
    case 4:
      return `${r.pick(EMOJI)}${r.pick(NICK_WORDS)}`;
    case 5:
      return `${r.pick(NICK_WORDS)}${r.pick(EMOJI)}`;
    case 6:
      return `${real.surname}${r.pick(NICK_SUFFIX)}`;
    case 7:
      return `${r.pick(PLACES)}-${real.name}`;
    case 8:
      return `${r.pick(ENGLISH)}${r.pick(EMOJI)}`;
    default:
      return given.length > 1 ? given : `${given}${given}`;
  }
}

/**
 * A customer's avatar URL: a face the simulator draws (server/src/simulator/avatars.ts), on the
 * origin that serves the simulator — in demo mode the sidebar's own, so it loads offline.
 * (WeChat serves real ones from wx.qlogo.cn.)
 */
export function wechatAvatar(r: Rng): string {
  return `/sim/avatar/wx${r.chars(46)}.svg`;
}

/** A WeCom member's avatar URL, drawn by the simulator like the customers' (WeCom: wework.qpic.cn). */
export function wecomAvatar(r: Rng): string {
  return `/sim/avatar/ww${r.chars(38)}.svg`;
}

/** A realistic mainland mobile number (11 digits, real carrier prefixes). */
export function mobile(r: Rng): string {
  const prefix = r.pick([
    '130',
    '131',
    '132',
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '152',
    '155',
    '156',
    '157',
    '158',
    '159',
    '166',
    '176',
    '177',
    '180',
    '181',
    '182',
    '185',
    '186',
    '187',
    '188',
    '189',
    '191',
    '198',
    '199',
  ]);
  return prefix + String(r.int(0, 99_999_999)).padStart(8, '0');
}

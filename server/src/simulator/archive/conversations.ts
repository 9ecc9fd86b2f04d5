/**
 * What guides and customers talk about: each conversation follows one topic from
 * question to answer (stock, opening hours, points), product advice (gifts, skin
 * concerns), after-sales (delivery, exchange), a few complaints, a guide's care
 * call, and a corrected price that is recalled. Lines name real products of the
 * demo catalogue, so the archive reads like one brand's chats.
 */
import { PRODUCTS, type Product } from '@server/demo/catalog.ts';

/** One message of a conversation: who sends it, what, and the pause before it. */
export type Turn =
  | { by: 'customer' | 'guide'; text: string }
  | { by: 'customer'; image: true }
  | { by: 'guide'; link: { title: string; description: string; url: string } }
  /** The guide recalls their previous message. */
  | { by: 'guide'; recall: true };

export interface Topic {
  name: string;
  /** Relative frequency. */
  weight: number;
  /** Complaints are always answered; other topics may go unanswered now and then. */
  alwaysAnswered?: boolean;
  turns(pick: <T>(list: readonly T[]) => T): Turn[];
}

const yuan = (p: Product) => `${Math.round(p.price / 100)} 元`;
const byCategory = (category: string) => PRODUCTS.filter((p) => p.category === category);
const skincare = byCategory('护肤');
const makeup = byCategory('彩妆');
const giftsForElders = PRODUCTS.filter((p) => ['MM-SK-010', 'MM-SK-006', 'MM-SK-008'].includes(p.sku));
const giftsForFriends = [...byCategory('香氛'), ...PRODUCTS.filter((p) => p.sku.startsWith('MM-GF'))];
const masks = byCategory('面膜');
const productLink = (p: Product): Turn => ({
  by: 'guide',
  link: { title: p.name, description: `${yuan(p)} · 木棉集官方商城`, url: `https://m.mumian-demo.cn/p/${p.sku}` },
});

export const TOPICS: readonly Topic[] = [
  {
    name: 'stock',
    weight: 14,
    turns: (pick) => {
      const p = pick([...skincare, ...makeup]);
      return [
        { by: 'customer', text: `你好，请问${p.name}还有货吗？` },
        { by: 'guide', text: `您好～${p.name}门店有现货的，需要帮您留一份吗？` },
        { by: 'customer', text: pick(['好的，帮我留一份，周末去拿', '先帮我留着吧，明天下班过去', '可以寄给我吗？']) },
        { by: 'guide', text: pick(['已经帮您留好了，到店报手机号就可以～', '好的，已登记，到店找我就行', '可以的，今天下单明天就能发出']) },
      ];
    },
  },
  {
    name: 'hours',
    weight: 6,
    turns: (pick) => [
      { by: 'customer', text: pick(['周末门店几点关门呀', '今天店里营业到几点？', '明天门店开门吗']) },
      { by: 'guide', text: pick(['周一到周日都营业到晚上十点哦', '营业到晚上十点，节假日也照常营业']) },
      { by: 'customer', text: pick(['好的谢谢', '收到👌']) },
    ],
  },
  {
    name: 'points',
    weight: 6,
    turns: (pick) => [
      { by: 'customer', text: '会员积分在哪里查呀' },
      { by: 'guide', text: '在「木棉集会员」小程序 → 我的 → 积分就能看到～' },
      { by: 'guide', text: pick(['500 积分可以换一片补水面膜，记得用哦', '积分年底清零，可以换护手霜或者小样']) },
      { by: 'customer', text: pick(['找到了，谢谢', '好的，我去换一个']) },
    ],
  },
  {
    name: 'gift_advice',
    weight: 10,
    turns: (pick) => {
      const who = pick(['妈妈', '婆婆', '闺蜜', '女朋友']);
      const elder = who === '妈妈' || who === '婆婆';
      const p = pick(elder ? giftsForElders : giftsForFriends);
      return [
        { by: 'customer', text: `有没有适合送${who}的？预算 ${pick(['300', '500', '800'])} 左右` },
        { by: 'guide', text: `推荐${p.name}，${yuan(p)}，${elder ? '滋润抗皱，长辈用也合适' : '是店里最受欢迎的礼物'}，包装也很适合送礼` },
        productLink(p),
        { by: 'customer', text: '看起来不错，可以包装吗' },
        { by: 'guide', text: '可以的，到店或者线上下单都免费礼盒包装，还能写贺卡～' },
      ];
    },
  },
  {
    name: 'skin_advice',
    weight: 12,
    turns: (pick) => {
      const concern = pick([
        { ask: '最近换季脸有点干，有什么推荐吗', p: skincare.find((x) => x.sku === 'MM-SK-002') },
        { ask: '我是敏感肌，脸颊容易泛红，用什么好', p: skincare.find((x) => x.sku === 'MM-SK-005') },
        { ask: '想提亮一下肤色，有没有好用的精华', p: skincare.find((x) => x.sku === 'MM-SK-004') },
        { ask: '夏天出门需要防晒，哪款不油腻', p: skincare.find((x) => x.sku === 'MM-SK-009') },
        { ask: '熬夜之后皮肤很暗沉，怎么急救', p: pick(masks) },
      ]);
      const p = concern.p ?? pick(skincare);
      return [
        { by: 'customer', text: concern.ask },
        { by: 'guide', text: `可以试试${p.name}，${yuan(p)}，质地温和，很多同样情况的顾客反馈不错` },
        { by: 'customer', text: pick(['要怎么用呢', '敏感肌能用吗', '有小样可以先试试吗']) },
        {
          by: 'guide',
          text: pick([
            '洁面后先用爽肤水，再用它，早晚各一次就好',
            '成分很温和，第一次用可以先在耳后试一下',
            '有的，到店可以领小样，先试用几天',
          ]),
        },
        { by: 'customer', text: pick(['好的，周末去店里看看', '那我先下单一瓶', '谢谢推荐']) },
      ];
    },
  },
  {
    name: 'makeup_advice',
    weight: 6,
    turns: (pick) => {
      const p = pick(makeup);
      return [
        { by: 'customer', text: pick(['黄皮适合哪个色号的口红呀', '想要一个日常通勤的妆，买什么好', '粉底液怎么选色号']) },
        { by: 'customer', image: true },
        { by: 'guide', text: `看了您的照片，推荐${p.name}，${yuan(p)}，显白又自然` },
        { by: 'customer', text: '好的，我去店里试一下' },
      ];
    },
  },
  {
    name: 'delivery',
    weight: 7,
    turns: (pick) => [
      { by: 'customer', text: pick(['我的快递三天了还没到', '请问我的订单发货了吗']) },
      { by: 'guide', text: '不好意思让您久等了，我马上帮您查一下物流' },
      { by: 'guide', text: pick(['查到了，明天上午会送到，有问题随时找我', '已经在派送了，今天下午就能收到']) },
      { by: 'customer', text: pick(['好的，谢谢', '收到啦，谢谢～']) },
    ],
  },
  {
    name: 'exchange',
    weight: 5,
    turns: (pick) => [
      { by: 'customer', text: pick(['上次买的粉底色号有点深，可以换吗', '买的唇釉颜色不太适合我，能换一支吗']) },
      { by: 'guide', text: '可以的，未拆封 7 天内都可以换，带上小票到店就行' },
      { by: 'customer', text: '已经拆开试过了…' },
      { by: 'guide', text: '没关系，我帮您申请一下，这次给您换浅一号，到店直接找我' },
      { by: 'customer', text: '太好了，谢谢你' },
    ],
  },
  {
    name: 'care',
    weight: 9,
    turns: (pick) => {
      const p = pick(skincare);
      return [
        { by: 'guide', text: `您上次买的${p.name}用得怎么样？` },
        { by: 'customer', text: pick(['挺好用的，皮肤亮了一点', '还不错，就是有点黏', '还没开始用呢']) },
        { by: 'guide', text: pick(['那太好了，用完前告诉我，会员日有折扣', '可以少量多次涂，吸收会更好', '记得开封后半年内用完哦']) },
      ];
    },
  },
  {
    name: 'complaint_service',
    weight: 2,
    alwaysAnswered: true,
    turns: (pick) => [
      { by: 'customer', text: pick(['今天去门店等了半小时都没人理，体验很差', '店员推销太多了，有点烦']) },
      { by: 'guide', text: '非常抱歉给您不好的体验，我已经反馈给店长了' },
      { by: 'guide', text: '给您送一张 50 元无门槛券表示歉意，下次到店直接找我' },
      { by: 'customer', text: pick(['好吧，希望下次注意', '行，谢谢']) },
    ],
  },
  {
    name: 'complaint_allergy',
    weight: 1,
    alwaysAnswered: true,
    turns: (pick) => {
      const p = pick(skincare);
      return [
        { by: 'customer', text: `用了${p.name}脸上起了红疹，怎么回事` },
        { by: 'customer', image: true },
        { by: 'guide', text: '非常抱歉！请先停用，用清水洗脸，严重的话请就医' },
        { by: 'guide', text: '我已经帮您登记了售后，可以全额退款，运费我们承担' },
        { by: 'customer', text: '好的，先退了吧' },
      ];
    },
  },
  {
    name: 'price_corrected',
    weight: 3,
    turns: (pick) => {
      const p = pick([...skincare, ...makeup]);
      return [
        { by: 'customer', text: `${p.name}现在多少钱？` },
        { by: 'guide', text: `这款今天特价 ${Math.round(p.price / 200)} 元` },
        { by: 'guide', recall: true },
        { by: 'guide', text: `不好意思刚刚发错了，是 ${yuan(p)}，会员再享九折` },
        { by: 'customer', text: '好的' },
      ];
    },
  },
  {
    name: 'private_deal',
    weight: 1,
    turns: (pick) => [
      { by: 'customer', text: '能不能再便宜点' },
      { by: 'guide', text: pick(['加微信私聊，给您返现', '可以私下转账，便宜一点']) },
    ],
  },
];

const TOTAL_WEIGHT = TOPICS.reduce((sum, t) => sum + t.weight, 0);

/** A topic by weight, from a number in [0, 1). */
export function topicAt(u: number): Topic {
  let rest = u * TOTAL_WEIGHT;
  for (const t of TOPICS) {
    rest -= t.weight;
    if (rest < 0) return t;
  }
  return TOPICS[TOPICS.length - 1] as Topic;
}

export const GROUP_LINES = [
  '大家好，本周六门店有新品体验活动，欢迎来玩～',
  '今天有什么新品',
  '会员日活动几号开始？',
  '收到',
  '谢谢群主',
  '周末见',
  '面膜买一送一还有吗',
  '已下单，坐等收货',
];

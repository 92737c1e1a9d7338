import type { Rng } from '../../geo/random.ts';

/** Plausible Chinese personal names for simulated grid workers and volunteers. */

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤芮邢';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玲红波宁斌浩凯鹏飞慧琳雪梅兰婷晶欣怡俊峰志海荣新春燕云';

export function personName(rng: Rng): string {
  const s = SURNAMES[Math.floor(rng.next() * SURNAMES.length)];
  const n = rng.next() < 0.6 ? 2 : 1;
  let given = '';
  for (let k = 0; k < n; k++) given += GIVEN[Math.floor(rng.next() * GIVEN.length)];
  return s + given;
}

/** 淳溪街道 → 淳溪, 阳江镇 → 阳江 */
export function shortTownName(name: string): string {
  return name.replace(/(街道|镇)$/, '');
}

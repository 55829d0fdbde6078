// Decoding an article's bytes: UTF-8 (with or without a BOM), UTF-16 with a BOM, and the legacy
// Chinese encodings newsrooms still produce, GBK (read as GB18030, its superset) and Big5. Pure: no
// `fs`, no `vscode`; only the WHATWG TextDecoder, which Node (full ICU, the default build) and
// browsers both have, so the CLI, the extension and the web extension read a file the same way.
//
// GBK and Big5 accept many of the same byte strings (every Big5 pair is a valid GBK pair), so when
// both decode, the one whose text looks like Chinese wins: the share of its non-ASCII characters
// that are common Han characters (simplified or traditional) or CJK punctuation. Real prose scores
// well above 0.5; the wrong decoder's mojibake, spread over thousands of rare characters, far below.

export type ArticleEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gbk' | 'big5';

export interface DecodedArticle {
  /** The text, without its byte order mark: offsets into it are the article's offsets. */
  text: string;
  encoding: ArticleEncoding;
}

export interface UndecodableArticle {
  /** binary: NUL bytes or many control characters; unknown-encoding: no supported encoding fits. */
  error: 'binary' | 'unknown-encoding';
  /** Why, in English, for logs and the CLI's JSON. */
  detail: string;
}

export type DecodeResult = DecodedArticle | UndecodableArticle;

/** How many leading bytes are looked at for NUL bytes and control characters. */
export const BINARY_SAMPLE_BYTES = 8192;
/** A file is binary when more than this share of its sample is control characters (other than tab, line breaks, form feed, escape). */
const MAX_CONTROL_SHARE = 0.1;
/** Below this plausibility (with enough characters to judge), neither GBK nor Big5 is believed. */
const MIN_PLAUSIBILITY = 0.4;
/** Texts with fewer non-ASCII characters than this are decoded by the better guess, however low it scores. */
const MIN_JUDGED = 12;

/**
 * Common Han characters: the ~1000 most frequent in modern Chinese prose, with their traditional
 * forms (Taiwan, Hong Kong and OpenCC standard). Generated once with opencc-js from a frequency list.
 */
const COMMON_HAN =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实' +
  '日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员' +
  '解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象' +
  '完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调' +
  '深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列' +
  '武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值' +
  '仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷' +
  '洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央' +
  '户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康' +
  '虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶' +
  '這個們來為爲國說説時會對於過發後裡裏種經麼學現當沒動還進樣開從實軍無與長機關點業將兩間問並應戰頭體見產話內給門兒東聲員論處義幾認條氣題爾別變總電數報結務場計資許統區隊決馬書則聽卻達強難權設記類據邊張該' +
  '規萬覺術領確傳師觀讓識帶導爭運飛風幹聯組濟車親極辦議證轉準遠臺單羅愛擊備連調質團價黨華級離況亞請際約復線斷滿視須寫稱嗎輕農裝廣顯標談喫圖歷醫專費號盡較語僅隨選紅響雖勢參眾衆構節維劃敵陳態護興驗責營夠嚴' +
  '續講終緊黃絕羣項圍織鬥雙紀採舉殺蘇訴細願錢網熱屬臉職樂剛狀獨彈創錯蘭試腦預誰陽繼驚傷藥適衛衞險陸習勞財環納歡獲負雲遊龍樹層衝範異漢簡擔靜積餘檢靈協佔徵揮勝階審堅媽劉讀壓銀買養懷執亂幫歲優鐵稅藝陣腳惡塊' +
  '頓島戶評寶釋顧貨歐換聞壞討麗監臨艦魚雜誤灣減編測敗夢溫劍漸貴槍樓縣畫遺祕謝魯慮銷鍾詩趕劇損舊錄葉鄉禮婦歸飯額順輸搖脫補謂療澤滅筆鮮詞聖擇尋廠煙諾倫奧賣載宮陰園謀榮孫頂';

let commonHan: Set<number> | undefined;

function isCommon(cp: number): boolean {
  commonHan ??= new Set([...COMMON_HAN].map((c) => c.codePointAt(0)!));
  return commonHan.has(cp);
}

/** CJK and full-width punctuation, and the quotes, dashes and dots Chinese text uses. */
function isCjkPunctuation(cp: number): boolean {
  return (
    (cp >= 0x3000 && cp <= 0x303f) || // ideographic space, 。、《》「」『』【】〔〕
    (cp >= 0xff01 && cp <= 0xff65) || // ，！？：；（）full-width digits and letters
    (cp >= 0x2010 && cp <= 0x2027) || // — – ‘ ’ “ ” … ‧
    cp === 0x00b7 ||
    cp === 0xfe30 ||
    (cp >= 0xfe50 && cp <= 0xfe6b) // small form variants (Big5 has them)
  );
}

/** Non-ASCII characters looked at by plausibility(): the start of a long file is enough to tell. */
const MAX_JUDGED = 65_536;

/** Share of the (first 64 Ki) non-ASCII characters that are common Han characters or CJK punctuation; 1 when there are none. */
function plausibility(text: string): { score: number; judged: number } {
  let nonAscii = 0;
  let plausible = 0;
  for (let i = 0; i < text.length && nonAscii < MAX_JUDGED; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) continue;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) cp = text.codePointAt(i++)!;
    nonAscii++;
    if (isCommon(cp) || isCjkPunctuation(cp)) plausible++;
  }
  return { score: nonAscii === 0 ? 1 : plausible / nonAscii, judged: nonAscii };
}

/** Decodes strictly; undefined when the bytes are not valid in `label` or the runtime lacks the decoder. */
function tryDecode(label: string, bytes: Uint8Array): string | undefined {
  if (!hasDecoder(label)) return undefined; // a runtime without full ICU
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function hasDecoder(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function isBinary(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, BINARY_SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return `NUL byte at offset ${i}`;
    // Tab, line feed, vertical tab, form feed, carriage return and escape occur in text.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) controls++;
  }
  if (n > 0 && controls / n > MAX_CONTROL_SHARE) return `${controls} control characters in the first ${n} bytes`;
  return undefined;
}

/**
 * Reads an article's bytes as text. A BOM decides (UTF-8, UTF-16 LE/BE; UTF-32 is refused); else
 * NUL bytes or many control characters in the first 8 KB make the file binary; else valid UTF-8 is
 * UTF-8; else GBK (GB18030) and Big5 are tried and the more plausible Chinese text is taken.
 */
export function decodeArticle(bytes: Uint8Array): DecodeResult {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    if (text !== undefined) return { text, encoding: 'utf-8-bom' };
    return { error: 'unknown-encoding', detail: `starts with a UTF-8 byte order mark but is not valid UTF-8 (byte ${firstInvalidUtf8(bytes, 3)})` };
  }
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    return { error: 'unknown-encoding', detail: 'UTF-32 (byte order mark) is not supported' };
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const encoding = b0 === 0xff ? 'utf-16le' : 'utf-16be';
    const text = tryDecode(encoding, bytes.subarray(2));
    if (text !== undefined) return { text, encoding };
    return { error: 'unknown-encoding', detail: `starts with a ${encoding.toUpperCase()} byte order mark but is not valid ${encoding.toUpperCase()} (odd length or unpaired surrogate)` };
  }
  const binary = isBinary(bytes);
  if (binary) return { error: 'binary', detail: binary };
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };

  const invalidAt = firstInvalidUtf8(bytes, 0);
  const candidates: { encoding: 'gbk' | 'big5'; text: string; score: number; judged: number }[] = [];
  for (const [encoding, label] of [['gbk', 'gb18030'], ['big5', 'big5']] as const) {
    const text = tryDecode(label, bytes);
    if (text !== undefined) candidates.push({ encoding, text, ...plausibility(text) });
  }
  if (candidates.length === 0) {
    const missing = ['gb18030', 'big5'].filter((label) => !hasDecoder(label));
    return {
      error: 'unknown-encoding',
      detail: missing.length
        ? `not valid UTF-8 (byte ${invalidAt}), and this runtime has no ${missing.join(' or ')} decoder`
        : `not valid UTF-8 (byte ${invalidAt}), GBK or Big5`,
    };
  }
  // Ties go to GBK, listed first: mainland newsrooms are the larger source of legacy files.
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.judged >= MIN_JUDGED && best.score < MIN_PLAUSIBILITY) {
    return {
      error: 'unknown-encoding',
      detail: `not valid UTF-8 (byte ${invalidAt}); read as ${candidates.map((c) => `${c.encoding === 'gbk' ? 'GBK' : 'Big5'} only ${Math.round(c.score * 100)}%`).join(', ')} of its characters are common Chinese`,
    };
  }
  return { text: best.text, encoding: best.encoding };
}

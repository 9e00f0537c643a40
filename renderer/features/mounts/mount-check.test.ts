// The mount wizards show the shared mountpoint verdict (shared/mount.ts) as
// typed, through the catalogs: the same refusal as the backend, in English
// and Chinese, naming the character or the system tree at fault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import i18next from 'i18next';
import { checkMountpoint } from '../../../shared/contract/mount.ts';
import en from './i18n/en.json' with { type: 'json' };
import zhCN from './i18n/zh-CN.json' with { type: 'json' };
import { checkText } from './mount-check.ts';

async function translator(lng: string): Promise<(k: string, o?: Record<string, string>) => string> {
  const i = i18next.createInstance();
  await i.init({ resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return (k, o) => i.t(k, o ?? {});
}

const CASES: Array<[string, string, RegExp, RegExp]> = [
  ['/usr/lib', 'system', /\/usr\/lib is inside \/usr/, /\/usr\/lib 位于 \/usr 之内/],
  ['/proc/self', 'system', /inside \/proc/, /位于 \/proc 之内/],
  ['/home/alice/.ssh', 'hidden', /hidden folder "\.ssh"/, /隐藏目录“\.ssh”/],
  ['/home', 'shared', /Mounting over \/home/, /挂载到 \/home/],
  ['/mnt/a\nb', 'invisible', /"\/mnt\/a\\u000Ab" contains U\+000A \(LINE FEED\)/, /“\/mnt\/a\\u000Ab”包含 U\+000A \(LINE FEED\)/],
  ['/mnt/a\u2028b', 'invisible', /U\+2028 \(LINE SEPARATOR\)/, /U\+2028 \(LINE SEPARATOR\)/],
  ['/mnt/a b', 'space', /contains a space:/, /包含空格/],
];

test('mountpoint verdicts as the wizard shows them, in both languages', async () => {
  const tEn = await translator('en');
  const tZh = await translator('zh-CN');
  for (const [mp, key, enRe, zhRe] of CASES) {
    const check = checkMountpoint(mp);
    assert.equal(check?.key, key, JSON.stringify(mp));
    const shownEn = checkText(tEn, check) ?? '';
    const shownZh = checkText(tZh, check) ?? '';
    assert.match(shownEn, enRe, shownEn);
    assert.match(shownZh, zhRe, shownZh);
    // The catalogs know the key: nothing falls back to the backend's English in Chinese.
    assert.notEqual(shownZh, check?.message);
  }
  for (const ok of ['/mnt/data', '/srv/data', '/media/usb', '/run/spindle/mnt/x']) assert.equal(checkText(tEn, checkMountpoint(ok)), null, ok);
});

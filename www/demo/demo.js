// Both demo pages: the language switch sets the element's `locale` attribute (the element
// re-renders every text) and swaps the page's own texts (their `data-zh`, and `data-zh-label`
// for an aria-label). `?lang=zh-CN` opens a page in Chinese.
const estimator = document.querySelector('#estimator');
const language = document.querySelector('#language');
const ownTexts = [...document.querySelectorAll('[data-zh]')].map((el) => [el, el.textContent, el.dataset.zh]);
const ownLabels = [...document.querySelectorAll('[data-zh-label]')].map((el) => [el, el.getAttribute('aria-label'), el.dataset.zhLabel]);
const titles = [document.title, document.querySelector('meta[name="zh-title"]')?.content ?? document.title];

function setLanguage(value) {
  const zh = value === 'zh-CN';
  estimator.setAttribute('locale', value);
  document.documentElement.lang = value;
  document.title = titles[zh ? 1 : 0];
  for (const [el, en, text] of ownTexts) el.textContent = zh ? text : en;
  for (const [el, en, text] of ownLabels) el.setAttribute('aria-label', zh ? text : en);
}

language.addEventListener('change', () => setLanguage(language.value));
const asked = new URLSearchParams(location.search).get('lang');
if (asked === 'zh-CN' || asked === 'en') {
  language.value = asked;
  setLanguage(asked);
}

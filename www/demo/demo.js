// Both demo pages: the language switch sets the element's `locale` attribute (the element
// re-renders every text) and swaps the page's own texts (their `data-zh`).
const estimator = document.querySelector('#estimator');
const language = document.querySelector('#language');
const ownTexts = [...document.querySelectorAll('[data-zh]')].map((el) => [el, el.textContent, el.dataset.zh]);
language.addEventListener('change', () => {
  estimator.setAttribute('locale', language.value);
  document.documentElement.lang = language.value;
  for (const [el, en, zh] of ownTexts) el.textContent = language.value === 'zh-CN' ? zh : en;
});

// Both demo pages: the language switch sets the element's `locale` attribute; everything
// else is the element's own.
const estimator = document.querySelector('#estimator');
const language = document.querySelector('#language');
language.addEventListener('change', () => {
  estimator.setAttribute('locale', language.value);
  document.documentElement.lang = language.value;
});

// The only script of the pages (the Content-Security-Policy allows no inline script): a plan chosen in
// the board's selector is shown at once.
for (const select of document.querySelectorAll('select[data-submit-on-change]')) {
  select.addEventListener('change', () => select.form.submit());
}

// Suits: behaviour that needs a script. Kept out of the templates for the CSP.
document.addEventListener("submit", (event) => {
  // A second click on a submit button while the first is on its way does nothing.
  const form = event.target;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  window.setTimeout(() => delete form.dataset.submitting, 5000);
});

// "Copy" buttons: copy the text of the field named by data-copy.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  field.select();
  navigator.clipboard?.writeText(field.value);
  const done = button.querySelector("[data-copied]");
  if (done) done.hidden = false;
});

// The main navigation folds behind its "Menu" button on a phone (the CSS hides .main-nav.collapsible
// there until it is .open). Without this script the button stays hidden and the navigation stays open.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-nav-toggle]")) {
    const nav = document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) continue;
    nav.classList.add("collapsible");
    button.hidden = false;
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  }
});

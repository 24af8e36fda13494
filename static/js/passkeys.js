// After a passkey is added, reload the security page so that its list shows the new passkey.
// (A static file, not an inline script: the Content-Security-Policy allows no inline code.)
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});

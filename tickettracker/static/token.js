// An access link's ?token= has done its work once the page has loaded (the server answered with the cookie): take
// it out of the address bar, so a copied or bookmarked page URL never hands a person's link to someone else.
(() => {
  const url = new URL(window.location.href);
  if (url.searchParams.has("token")) {
    url.searchParams.delete("token");
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }
})();

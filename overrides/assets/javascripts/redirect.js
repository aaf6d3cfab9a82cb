// The page at a moved page's old address (mkdocs-redirects; hooks/jobs/redirects.py): go on to the new
// address, keeping the #anchor the reader came with. A file of the site, not an inline script, so any
// Content-Security-Policy that allows the site's own scripts allows it; the meta refresh works without it.
(function () {
  var canonical = document.querySelector('link[rel="canonical"]');
  if (canonical && canonical.href) {
    window.location.replace(canonical.href.split("#")[0] + window.location.hash);
  }
})();

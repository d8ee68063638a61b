// Starts Swagger UI on /docs from the package's own copy (no CDN).
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: node.getAttribute("data-openapi"),
    domNode: node,
    deepLinking: false, // a deep link inside each operation's button is a nested control
    tryItOutEnabled: true,
  });
});

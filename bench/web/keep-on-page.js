// The site's own in-page form handling, so the visit continues after the submit.
document.getElementById('lead').addEventListener('submit', (event) => event.preventDefault());

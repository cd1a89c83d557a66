// Every node and credential class of the package, for tools that import the package as a module.
// n8n itself loads the compiled files listed in package.json's "n8n" section.
export {};

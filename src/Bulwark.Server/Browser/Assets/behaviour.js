var BulwarkBehaviour = { summarise: function () { return undefined; } }; if (typeof module === 'object' && module.exports) module.exports = BulwarkBehaviour;

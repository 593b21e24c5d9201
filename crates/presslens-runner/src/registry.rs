//! The registry of stage types a pipeline can be built from.

use std::collections::BTreeMap;
use std::sync::Arc;

use presslens_core::{Stage, StageFactory, StageInfo, factory};

/// Stage types by name. [`Registry::builtin`] holds presslens's own stages; register your
/// own types to use them from configs exactly like the built-in ones (the compiled-in route
/// for custom stages: build your own binary around the runner).
#[derive(Clone, Default)]
pub struct Registry {
    types: BTreeMap<String, Arc<dyn StageFactory>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("types", &self.types.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// The built-in stage types.
    pub fn builtin() -> Registry {
        let mut r = Registry::new();
        r.register::<presslens_text::TextStage>();
        r.register::<presslens_entity::EntityStage>();
        r.register::<presslens_statistic::StatisticStage>();
        r.register::<presslens_quote::QuoteStage>();
        r
    }

    /// Register a compiled-in stage type, replacing any type of the same name.
    pub fn register<S: Stage>(&mut self) -> &mut Registry {
        self.register_factory(Arc::from(factory::<S>()))
    }

    /// Register a stage type given as a factory (runtime plugins use this).
    pub fn register_factory(&mut self, f: Arc<dyn StageFactory>) -> &mut Registry {
        self.types.insert(f.info().type_name.clone(), f);
        self
    }

    /// The factory of type `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn StageFactory>> {
        self.types.get(name)
    }

    /// Every registered type's description, sorted by name.
    pub fn infos(&self) -> impl Iterator<Item = &StageInfo> {
        self.types.values().map(|f| f.info())
    }

    /// Every registered type name, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.types.keys().map(String::as_str)
    }

    /// Types that provide `layer`.
    pub fn providers_of(&self, layer: &str) -> Vec<&str> {
        self.infos()
            .filter(|i| i.provides.iter().any(|p| p == layer))
            .map(|i| i.type_name.as_str())
            .collect()
    }
}

// French and English. English strings are the keys; `fr` maps them to French. The language is
// the user's choice (localStorage), else the browser's (navigator.languages) when we have it,
// else the instance's default (its first `languages` entry), else English.
export const LANGUAGES: [string, string][] = [['en', 'English'], ['fr', 'Français']];

const en: Record<string, string> = {
  'visibility.public': 'Public', 'visibility.unlisted': 'Unlisted', 'visibility.private': 'Followers only',
  'visibility.direct': 'Mentioned people only', 'status.active': 'Active', 'status.pending': 'Pending',
  'status.disabled': 'Disabled', 'status.silenced': 'Silenced', 'status.suspended': 'Suspended',
  'severity.suspend': 'Suspend (nothing is exchanged)', 'severity.silence': 'Limit', 'severity.noop': 'No restriction',
  'mode.open': 'Open', 'mode.allowlist': 'Allow-list', 'mode.off': 'Off',
  'registrations.open': 'Open to everyone', 'registrations.approval': 'Open, with approval',
  'registrations.invite': 'By invitation only', 'registrations.closed': 'Closed',
};

const fr: Record<string, string> = {
  'registrations.open': 'Ouvertes à tous', 'registrations.approval': 'Ouvertes, avec approbation',
  'registrations.invite': 'Sur invitation seulement', 'registrations.closed': 'Fermées',
  'Server settings': 'Paramètres du serveur', 'Server name': 'Nom du serveur', 'Short description': 'Description courte',
  'About this server': 'À propos de ce serveur', 'Contact email': 'Courriel de contact',
  'Contact account (username)': 'Compte de contact (nom d’utilisateur)',
  'Default language (code, e.g. en, fr)': 'Langue par défaut (code, par ex. en, fr)',
  'Save settings': 'Enregistrer les paramètres', 'Settings saved.': 'Paramètres enregistrés.',
  'Only administrators can change these settings.': 'Seuls les administrateurs peuvent modifier ces paramètres.',
  'The settings above are stored by the server; these ones come from the configuration file (docs/configuration.md).':
    'Les paramètres ci-dessus sont enregistrés par le serveur ; ceux-ci viennent du fichier de configuration (docs/configuration.md).',
  '{n} unread direct messages': '{n} messages privés non lus', '{n} unread direct message': '{n} message privé non lu',
  'visibility.public': 'Public', 'visibility.unlisted': 'Non listé', 'visibility.private': 'Abonnés seulement',
  'visibility.direct': 'Personnes mentionnées seulement', 'status.active': 'Actif', 'status.pending': 'En attente',
  'status.disabled': 'Désactivé', 'status.silenced': 'Limité', 'status.suspended': 'Suspendu',
  Accept: 'Accepter', Account: 'Compte', Accounts: 'Comptes', Action: 'Action', Actions: 'Actions', Add: 'Ajouter',
  'Add filter': 'Ajouter le filtre', 'Add media': 'Ajouter un média', 'Add option': 'Ajouter un choix',
  'Add people you follow': 'Ajouter des personnes que vous suivez', Administration: 'Administration',
  'Almost there': 'Presque fini', 'Alt text for {name}': 'Texte alternatif pour {name}',
  'Always mark media as sensitive': 'Toujours marquer les médias comme sensibles', Announcement: 'Annonce',
  Announcements: 'Annonces', Appearance: 'Apparence', 'Approval required': 'Approbation requise', Approve: 'Approuver',
  'Approve followers manually': 'Approuver les abonnés manuellement', 'Assign to me': 'Me l’attribuer',
  'Assigned to {name}': 'Attribué à {name}', 'Audit log': 'Journal d’audit', Avatar: 'Avatar', Back: 'Retour',
  Bio: 'Bio', Block: 'Bloquer', 'Blocked email domains': 'Domaines de courriel bloqués', Bookmark: 'Marque-page',
  Bookmarks: 'Marque-pages', Boost: 'Partager', Bot: 'Robot', 'Cancel request': 'Annuler la demande', Clear: 'Effacer',
  Closed: 'Terminé', 'Content warning': 'Avertissement de contenu', Create: 'Créer', 'Create account': 'Créer un compte',
  'Create invite': 'Créer une invitation', Dark: 'Sombre', 'Default visibility': 'Visibilité par défaut',
  Delete: 'Supprimer', 'Delete this list?': 'Supprimer cette liste ?', 'Delete this post?': 'Supprimer ce message ?',
  Description: 'Description', 'Direct messages': 'Messages privés', Disable: 'Désactiver', Dismiss: 'Fermer',
  'Display name': 'Nom affiché', Domain: 'Domaine', 'Done.': 'Fait.', Draft: 'Brouillon', Duration: 'Durée',
  'Edit profile': 'Modifier le profil', Email: 'Courriel', Enable: 'Réactiver', Expires: 'Expire',
  Favourite: 'Favori', Favourites: 'Favoris', Federated: 'Fédéré', Federation: 'Fédération',
  'Federation is off: this server talks to no other server.': 'La fédération est désactivée : ce serveur ne communique avec aucun autre.',
  'Federation is on.': 'La fédération est activée.', Filters: 'Filtres', Follow: 'Suivre',
  'Follow people to fill your home timeline.': 'Suivez des personnes pour remplir votre fil d’accueil.',
  'Follow requests': 'Demandes d’abonnement', 'Follows you': 'Vous suit', Hashtags: 'Mots-clés', Header: 'Bannière',
  Hide: 'Masquer', Home: 'Accueil', 'I agree to the server rules': 'J’accepte les règles du serveur',
  'In reply': 'En réponse', Instance: 'Instance', 'Invite link': 'Lien d’invitation',
  'Invite only or closed': 'Sur invitation ou fermées', Invites: 'Invitations', Keyword: 'Mot-clé',
  Language: 'Langue', Languages: 'Langues', Light: 'Clair', List: 'Liste', 'List members': 'Membres de la liste',
  Lists: 'Listes', 'Load more': 'Charger plus', 'Loading…': 'Chargement…', Local: 'Local', 'Local only': 'Local seulement',
  Main: 'Principal', 'Manage members': 'Gérer les membres', 'Max uses': 'Utilisations max.',
  'Maximum post length': 'Longueur maximale d’un message', 'Multiple choices': 'Choix multiples', Mute: 'Masquer',
  Never: 'Jamais', 'New list': 'Nouvelle liste', 'New post': 'Nouveau message', 'No conversations.': 'Aucune conversation.',
  'No limit': 'Sans limite', 'No notifications.': 'Aucune notification.',
  'No pending follow requests.': 'Aucune demande d’abonnement en attente.', 'No reports.': 'Aucun signalement.',
  'No results.': 'Aucun résultat.', 'Nobody is waiting.': 'Personne n’attend.', 'Nothing here yet.': 'Rien pour l’instant.',
  Notifications: 'Notifications', Open: 'Ouvertes', 'Option {n}': 'Choix {n}', 'Page not found.': 'Page introuvable.',
  Password: 'Mot de passe',
  'Pending sign-ups': 'Inscriptions en attente', People: 'Personnes', 'People, hashtags, posts': 'Personnes, mots-clés, messages',
  Poll: 'Sondage', Post: 'Message', 'Posted.': 'Publié.', 'Posting defaults': 'Publication par défaut', Posts: 'Messages',
  Profile: 'Profil', Publish: 'Publier', 'Publish at': 'Publier le', Published: 'Publiée', 'React with {e}': 'Réagir avec {e}',
  Reason: 'Motif', Registrations: 'Inscriptions', Reject: 'Refuser', Remove: 'Retirer', 'Remove option': 'Retirer un choix',
  Reopen: 'Rouvrir', Replies: 'Réponses', Reply: 'Répondre', Reports: 'Signalements', Resolve: 'Résoudre', Resolved: 'Résolus',
  Save: 'Enregistrer', 'Saved.': 'Enregistré.', Schedule: 'Programmer', 'Scheduled.': 'Programmé.', Search: 'Rechercher',
  Settings: 'Paramètres', 'Show less': 'Afficher moins', 'Show more': 'Afficher plus', 'Sign in': 'Se connecter',
  'Sign out': 'Se déconnecter', 'Sign up': 'S’inscrire', 'Sign-in was cancelled.': 'La connexion a été annulée.',
  'Sign-up needs an invite link on this server.': 'L’inscription sur ce serveur nécessite un lien d’invitation.',
  'Signing in…': 'Connexion…', Silence: 'Limiter', 'Skip to content': 'Aller au contenu', State: 'État', Status: 'Statut',
  Suspend: 'Suspendre', System: 'Système', Target: 'Cible', Text: 'Texte',
  Theme: 'Thème',
  'This is a bot account': 'Ce compte est un robot', Title: 'Titre', Unassign: 'Désattribuer', Unassigned: 'Non attribué',
  Unblock: 'Débloquer', Unfollow: 'Ne plus suivre', Unmute: 'Ne plus masquer', Unpublish: 'Dépublier',
  Unsilence: 'Ne plus limiter', Unsuspend: 'Lever la suspension', 'Uploading…': 'Envoi…', Username: 'Nom d’utilisateur',
  'View account': 'Voir le compte', Visibility: 'Visibilité', Vote: 'Voter', Warn: 'Avertir',
  'What is on your mind?': 'Qu’avez-vous en tête ?', When: 'Quand', Who: 'Qui',
  'Why do you want to join?': 'Pourquoi voulez-vous nous rejoindre ?',
  'Write a post with the visibility “Mentioned people only” to start a conversation.':
    'Écrivez un message visible par les « Personnes mentionnées seulement » pour commencer une conversation.',
  'You were invited to join {title}.': 'Vous êtes invité·e à rejoindre {title}.',
  'Your account is waiting for approval by a moderator. You can sign in once it is approved.':
    'Votre compte attend l’approbation d’un modérateur. Vous pourrez vous connecter une fois approuvé.',
  'Your reply': 'Votre réponse', 'expires {d}': 'expire le {d}', '{a} reported {b}': '{a} a signalé {b}',
  '{name} boosted': '{name} a partagé', '{n} characters left': '{n} caractères restants', '{n} d': '{n} j', '{n} h': '{n} h',
  '{n} min': '{n} min', '{n} followers': '{n} abonnés', '{n} following': '{n} abonnements', '{n} posts': '{n} messages',
  '{n} unread': '{n} non lues', '{n} uses': '{n} utilisations', '{n} votes': '{n} votes', '{n}h': '{n} h', '{n}m': '{n} min',
  '{n}s': '{n} s', '{n} new post': '{n} nouveau message', '{n} new posts': '{n} nouveaux messages',
  '{name} approved.': '{name} approuvé·e.', '{name} rejected.': '{name} refusé·e.',
  '{name} mentioned you': '{name} vous a mentionné·e', '{name} favourited your post': '{name} a ajouté votre message à ses favoris',
  '{name} boosted your post': '{name} a partagé votre message', '{name} followed you': '{name} vous suit',
  '{name} asked to follow you': '{name} demande à vous suivre', 'A poll has ended': 'Un sondage est terminé',
  '{name} posted': '{name} a publié', '{name} edited a post': '{name} a modifié un message',
  '{name} signed up': '{name} s’est inscrit·e', 'Filtered post': 'Message filtré',
  'severity.suspend': 'Suspendre (plus aucun échange)', 'severity.silence': 'Limiter', 'severity.noop': 'Aucune restriction',
  'mode.open': 'Ouverte', 'mode.allowlist': 'Liste d’autorisation', 'mode.off': 'Désactivée',
  Domains: 'Domaines', 'This page could not be loaded: reload to try again.': 'Cette page n’a pas pu être chargée : rechargez pour réessayer.', 'Add rule': 'Ajouter la règle', 'Additional comments': 'Commentaires supplémentaires',
  'Allow server': 'Autoriser le serveur',
  'Allow-list: this server talks only to the allowed servers below.':
    'Liste d’autorisation : ce serveur ne communique qu’avec les serveurs autorisés ci-dessous.',
  'Allowed servers': 'Serveurs autorisés', 'Also send an anonymised copy to {domain}': 'Envoyer aussi une copie anonymisée à {domain}',
  'Authorised apps': 'Applications autorisées', 'Block a server': 'Bloquer un serveur', 'Block server': 'Bloquer le serveur',
  'Block {domain}? Nothing more is exchanged with it and follows across are severed.':
    'Bloquer {domain} ? Plus rien n’est échangé avec lui et les abonnements entre les deux sont rompus.',
  'Blocked servers': 'Serveurs bloqués',
  'By signing up you agree to follow these rules, set by the moderators of {title}.':
    'En vous inscrivant, vous acceptez de suivre ces règles, fixées par les modérateurs de {title}.',
  Cancel: 'Annuler', 'Change password': 'Changer le mot de passe', 'Change the block of {domain}?': 'Modifier le blocage de {domain} ?',
  Close: 'Fermer', 'Delete the rule “{text}”?': 'Supprimer la règle « {text} » ?', Edit: 'Modifier',
  'Edit the block of {domain}': 'Modifier le blocage de {domain}', 'Email domain': 'Domaine de courriel',
  'Explanation (optional)': 'Explication (facultative)', 'Federation mode': 'Mode de fédération',
  'Include this post': 'Joindre ce message', 'It breaks the server rules': 'Il enfreint les règles du serveur',
  'It is illegal': 'Il est illégal', 'It is spam': 'C’est du spam', 'Local only by default': 'Local seulement par défaut',
  'Manage authorised apps': 'Gérer les applications autorisées', No: 'Non', 'No server is blocked.': 'Aucun serveur n’est bloqué.',
  'No server is on the allow-list.': 'Aucun serveur n’est sur la liste d’autorisation.',
  'Obfuscate the domain in the public list': 'Masquer en partie le domaine dans la liste publique', Obfuscated: 'Masqué en partie',
  'Off: this server talks to no other server; the lists below take effect if federation is turned on.':
    'Désactivée : ce serveur ne communique avec aucun autre ; les listes ci-dessous s’appliqueront si la fédération est activée.',
  'Only the moderators of this server see your report; {name} is not told who sent it.':
    'Seuls les modérateurs de ce serveur voient votre signalement ; {name} ne saura pas qui l’a envoyé.',
  'Only you': 'Vous seul·e', 'Open conversation': 'Ouvrir la conversation',
  'Open: this server talks to any server except the blocked ones.':
    'Ouverte : ce serveur communique avec tous les serveurs sauf ceux qui sont bloqués.',
  Order: 'Ordre', 'Private comment': 'Commentaire privé', 'Public comment': 'Commentaire public',
  'Reject media files': 'Refuser les fichiers médias', 'Reject reports': 'Refuser les signalements',
  'Remove {domain} from the allowed servers?': 'Retirer {domain} des serveurs autorisés ?', Report: 'Signaler',
  'Report {name}': 'Signaler {name}', Rule: 'Règle', 'Save rule': 'Enregistrer la règle', 'Send report': 'Envoyer le signalement',
  'Server default (no)': 'Valeur du serveur (non)', 'Server default (yes)': 'Valeur du serveur (oui)',
  'Server domain to allow': 'Domaine du serveur à autoriser', 'Server domain to block': 'Domaine du serveur à bloquer',
  'Server rules': 'Règles du serveur', Severity: 'Sévérité', 'Something else': 'Autre chose',
  'Thank you: your report was sent to the moderators.': 'Merci : votre signalement a été transmis aux modérateurs.',
  'The apps you allowed to use your account (this web app included) are listed on the server’s page, where you can revoke any of them.':
    'Les applications que vous avez autorisées à utiliser votre compte (y compris cette application web) sont listées sur la page du serveur, où vous pouvez révoquer chacune d’elles.',
  'The mode is set in the configuration file (federation.mode).': 'Le mode se règle dans le fichier de configuration (federation.mode).',
  'This server has no rules yet.': 'Ce serveur n’a pas encore de règles.', 'Tick at least one rule.': 'Cochez au moins une règle.',
  'Unblock sign-ups from {domain}?': 'Autoriser de nouveau les inscriptions depuis {domain} ?',
  'Unblock {domain}? Its servers can reach this one again.': 'Débloquer {domain} ? Ses serveurs pourront de nouveau joindre celui-ci.',
  Unread: 'Non lue', 'Used when the federation mode is allow-list.': 'Utilisée quand le mode de fédération est la liste d’autorisation.',
  'What is wrong?': 'Quel est le problème ?', 'Which rules are broken?': 'Quelles règles sont enfreintes ?', Yes: 'Oui',
  'Your password is changed on the server’s own page: it asks for your current password, and signs you out of your other sessions.':
    'Le mot de passe se change sur la page du serveur : elle demande votre mot de passe actuel et vous déconnecte de vos autres sessions.',
  guessed: 'supposé', '{domain} blocked.': '{domain} bloqué.', '{domain} unblocked.': '{domain} débloqué.',
  '{n} unread conversation': '{n} conversation non lue', '{n} unread conversations': '{n} conversations non lues',
  'Filtered: {title}': 'Filtré : {title}', 'Show anyway': 'Afficher quand même', 'Scheduled posts': 'Messages programmés', '{name} filed a report': '{name} a fait un signalement',
};

let current = 'en';

export function setLanguage(lang: string) {
  current = lang === 'fr' ? 'fr' : 'en';
  document.documentElement.lang = current;
}
export function language() { return current; }

export function chooseLanguage(instanceLanguages: string[]): string {
  const saved = localStorage.getItem('parloir.lang');
  if (saved === 'fr' || saved === 'en') return saved;
  for (const l of navigator.languages || [navigator.language]) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  const def = (instanceLanguages[0] || 'en').toLowerCase();
  return def === 'fr' ? 'fr' : 'en';
}

// Translates `key` and fills {placeholders}.
export function t(key: string, vars?: Record<string, string | number>): string {
  let s = (current === 'fr' ? fr[key] : en[key]) ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// Singular or plural by count (French treats 0 and 1 as singular).
export function tn(one: string, other: string, n: number): string {
  const singular = current === 'fr' ? n <= 1 : n === 1;
  return t(singular ? one : other, { n });
}

alter table `issues` drop foreign key `issues_ibfk_1`;
alter table issues add constraint renamed_fkey foreign key (project_id) references projects (id);

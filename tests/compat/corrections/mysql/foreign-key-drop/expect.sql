alter table `org` drop foreign key `org_ibfk_1`;
alter table `org` drop index `project_id`;
alter table `org` modify column `project_id` int (11) not null;
